using System.Globalization;

namespace ReleaseLint.Inputs.Git;

/// <summary>
/// A git object name (SHA-1, or SHA-256 in repositories that use it) held in four machine words, so that sets of
/// hundreds of thousands of commits cost no string per commit.
/// </summary>
public readonly record struct CommitId
{
    private readonly ulong _a, _b, _c, _d;
    private readonly byte _length; // hex digits: 40 or 64

    private CommitId(ulong a, ulong b, ulong c, ulong d, byte length)
    {
        _a = a;
        _b = b;
        _c = c;
        _d = d;
        _length = length;
    }

    /// <summary>Equal when every digit is equal.</summary>
    public bool Equals(CommitId other) => _a == other._a && _b == other._b && _c == other._c && _d == other._d && _length == other._length;

    /// <summary>The first 32 bits of the name: already uniformly distributed.</summary>
    public override int GetHashCode() => (int)(_a >> 32);

    /// <summary>True for the default value (no commit).</summary>
    public bool IsEmpty => _length == 0;

    /// <summary>Parses 40 or 64 hex digits; throws <see cref="FormatException"/> otherwise.</summary>
    public static CommitId Parse(string hex) =>
        TryParse(hex.AsSpan(), out var id) ? id : throw new FormatException($"'{hex}' is not a full git object name");

    /// <summary>Parses 40 or 64 hex digits (either case).</summary>
    public static bool TryParse(ReadOnlySpan<char> hex, out CommitId id)
    {
        id = default;
        if (hex.Length is not (40 or 64)) return false;
        Span<ulong> words = stackalloc ulong[4];
        for (var i = 0; i < hex.Length; i++)
        {
            var v = HexValue(hex[i]);
            if (v < 0) return false;
            words[i / 16] = (words[i / 16] << 4) | (uint)v;
        }
        id = new CommitId(words[0], words[1], words[2], words[3], (byte)hex.Length);
        return true;
    }

    /// <summary>Parses 40 or 64 ASCII hex digits (as git prints them).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static bool TryParse(ReadOnlySpan<byte> hex, out CommitId id)
    {
        id = default;
        if (hex.Length is not (40 or 64)) return false;
        var bad = 0;
        var a = Word(hex[..16], ref bad);
        var b = Word(hex[16..32], ref bad);
        var c = Word(hex[32..Math.Min(48, hex.Length)], ref bad);
        var d = hex.Length == 64 ? Word(hex[48..], ref bad) : 0;
        if (bad < 0) return false;
        id = new CommitId(a, b, c, d, (byte)hex.Length);
        return true;
    }

    /// <summary>The name from its raw bytes (20 for SHA-1, 32 for SHA-256), as git stores it in pack indexes and commit-graph files.</summary>
    public static CommitId FromBytes(ReadOnlySpan<byte> raw)
    {
        if (raw.Length is not (20 or 32)) throw new ArgumentException("an object name has 20 or 32 bytes", nameof(raw));
        var a = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(raw);
        var b = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(raw[8..]);
        if (raw.Length == 20) return new CommitId(a, b, System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(raw[16..]), 0, 40);
        return new CommitId(a, b, System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(raw[16..]), System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(raw[24..]), 64);
    }

    private static readonly System.Collections.Immutable.ImmutableArray<sbyte> HexTable =
        System.Runtime.InteropServices.ImmutableCollectionsMarshal.AsImmutableArray(BuildHexTable());

    private static sbyte[] BuildHexTable()
    {
        var table = new sbyte[256];
        Array.Fill(table, (sbyte)-1);
        for (var i = 0; i < 16; i++)
        {
            table["0123456789abcdef"[i]] = (sbyte)i;
            table["0123456789ABCDEF"[i]] = (sbyte)i;
        }
        return table;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static ulong Word(ReadOnlySpan<byte> digits, ref int bad)
    {
        ulong word = 0;
        var table = HexTable;
        foreach (var digit in digits)
        {
            int v = table[digit];
            bad |= v;
            word = (word << 4) | (uint)(v & 0xF);
        }
        return word;
    }

    /// <summary>The full hex name.</summary>
    public override string ToString()
    {
        if (_length == 0) return "";
        Span<char> chars = stackalloc char[_length];
        ReadOnlySpan<ulong> words = [_a, _b, _c, _d];
        for (var i = 0; i < _length; i++)
        {
            var inWord = Math.Min(16, _length - 16 * (i / 16)); // the last word of a SHA-1 holds 8 digits
            var shift = 4 * (inWord - 1 - (i % 16));
            chars[i] = "0123456789abcdef"[(int)((words[i / 16] >> shift) & 0xF)];
        }
        return new string(chars);
    }

    /// <summary>The first seven hex digits, as GitHub shows commits.</summary>
    public string Short => ToString()[..Math.Min(7, (int)_length)];

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}

/// <summary>A tag of the repository.</summary>
/// <param name="Name">The tag name without <c>refs/tags/</c>.</param>
/// <param name="IsAnnotated">True for an annotated tag (a tag object with tagger and message).</param>
/// <param name="Target">The commit the tag names after peeling; null when it names a tree or blob, or the commit is not in the repository.</param>
/// <param name="TaggerDate">The tagger's date of an annotated tag (with the tagger's offset); null for lightweight tags.</param>
/// <param name="CommitDate">For a lightweight tag, the committer date of its commit (annotated tags have <paramref name="TaggerDate"/>).</param>
public sealed record GitTag(string Name, bool IsAnnotated, CommitId? Target, DateTimeOffset? TaggerDate, DateTimeOffset? CommitDate);

/// <summary>A local or remote-tracking branch.</summary>
/// <param name="Name">The name as <c>git branch -a</c> shows it: <c>live</c>, or <c>origin/live</c> for a remote-tracking branch.</param>
/// <param name="Remote">The remote of a remote-tracking branch (<c>origin</c>); null for a local branch.</param>
/// <param name="Tip">The commit the branch points at.</param>
public sealed record GitBranch(string Name, string? Remote, CommitId Tip)
{
    /// <summary>True for a remote-tracking branch.</summary>
    public bool IsRemote => Remote is not null;
    /// <summary>The branch name without the remote: <c>live</c> for both <c>live</c> and <c>origin/live</c>.</summary>
    public string BranchName => Remote is null ? Name : Name[(Remote.Length + 1)..];
}

/// <summary>Where HEAD is.</summary>
/// <param name="Branch">The branch HEAD is on (<c>main</c>), or null when detached.</param>
/// <param name="Commit">The commit HEAD names; null for an unborn branch (no commit yet).</param>
public sealed record GitHead(string? Branch, CommitId? Commit)
{
    /// <summary>True when HEAD names a commit directly (CI checkouts of a tag or a pull request).</summary>
    public bool IsDetached => Branch is null && Commit is not null;
}

/// <summary>A commit with its message.</summary>
/// <param name="Id">The commit.</param>
/// <param name="Parents">Its parents in order (first parent first).</param>
/// <param name="Message">The full message.</param>
/// <param name="CommitDate">The committer date.</param>
public sealed record GitCommit(CommitId Id, IReadOnlyList<CommitId> Parents, string Message, DateTimeOffset CommitDate)
{
    /// <summary>The first line of the message.</summary>
    public string Subject
    {
        get
        {
            var nl = Message.IndexOf('\n');
            return (nl < 0 ? Message : Message[..nl]).Trim();
        }
    }

    /// <summary>True for a merge (two or more parents).</summary>
    public bool IsMerge => Parents.Count > 1;
}

/// <summary>Parsing of the dates git prints.</summary>
public static class GitDates
{
    /// <summary>Parses git's strict ISO 8601 (<c>2025-03-10T18:05:00+01:00</c>) or <c>unix offset</c> (<c>1741629900 +0100</c>) dates; null when empty or unreadable.</summary>
    public static DateTimeOffset? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        text = text.Trim();
        var space = text.IndexOf(' ');
        if (space < 0 && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var iso)) return iso;
        if (space > 0 && long.TryParse(text[..space], NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds))
        {
            var zone = text[(space + 1)..];
            var offset = TimeSpan.Zero;
            if (zone.Length == 5 && int.TryParse(zone.AsSpan(1, 2), out var h) && int.TryParse(zone.AsSpan(3, 2), out var m))
                offset = new TimeSpan(h, m, 0) * (zone[0] == '-' ? -1 : 1);
            return DateTimeOffset.FromUnixTimeSeconds(seconds).ToOffset(offset);
        }
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var other) ? other : null;
    }
}

/// <summary>What equivalence checks read about a commit: its tree and author, without its message body.</summary>
/// <param name="Id">The commit.</param>
/// <param name="Tree">Its root tree (two commits with the same tree hold the same content).</param>
/// <param name="AuthorEmail">The author's e-mail (kept by cherry-pick and rebase).</param>
/// <param name="AuthorTime">The author date in seconds since 1970 (kept by cherry-pick and rebase).</param>
/// <param name="Subject">The first line of the message.</param>
/// <param name="ParentCount">Number of parents (merges have two or more).</param>
public sealed record CommitSummary(CommitId Id, CommitId Tree, string AuthorEmail, long AuthorTime, string Subject, int ParentCount)
{
    /// <summary>True for a merge.</summary>
    public bool IsMerge => ParentCount > 1;
}
