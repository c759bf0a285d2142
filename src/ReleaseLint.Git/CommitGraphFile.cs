using System.Buffers.Binary;
using System.Text;
using ReleaseLint.Inputs.Git;

namespace ReleaseLint.Git;

/// <summary>
/// Reads git's commit-graph files (<c>objects/info/commit-graph</c>, or a split chain under
/// <c>objects/info/commit-graphs/</c>) straight into a <see cref="CommitGraph"/>: every commit with its parents in one
/// sequential read, instead of a revision walk that parses commit objects. Commits newer than the file (made since
/// the last <c>git gc</c> or fetch) are read from the object store with <c>git cat-file --batch</c>. Returns null,
/// so the caller walks with <c>git rev-list</c>, whenever git itself would not trust the file: no file, an unknown
/// version, replace refs or grafts, <c>core.commitGraph=false</c>, or too many commits missing from it.
/// </summary>
internal static class CommitGraphFile
{
    private const uint Signature = 0x43475048; // "CGPH"
    private const uint ChunkOidFanout = 0x4f494446, ChunkOidLookup = 0x4f49444c, ChunkCommitData = 0x43444154, ChunkExtraEdges = 0x45444745;
    private const uint ParentNone = 0x70000000;
    private const int MaxMissing = 20_000;

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static CommitGraph? TryLoad(GitProcess git, string commonDir, IReadOnlyList<CommitId> tips, Func<string, string?> config)
    {
        if (config("core.commitgraph") is "false" || File.Exists(Path.Combine(commonDir, "info", "grafts"))) return null;
        if (HasReplaceRefs(commonDir)) return null;
        var info = Path.Combine(commonDir, "objects", "info");
        var files = new List<string>();
        var single = Path.Combine(info, "commit-graph");
        var chain = Path.Combine(info, "commit-graphs", "commit-graph-chain");
        if (File.Exists(chain))
        {
            foreach (var line in File.ReadAllLines(chain))
                if (line.Trim() is { Length: > 0 } hash) files.Add(Path.Combine(info, "commit-graphs", $"graph-{hash}.graph"));
        }
        else if (File.Exists(single)) files.Add(single);
        if (files.Count == 0 || !files.All(File.Exists)) return null;

        var layers = new List<(byte[] Data, int Base, int Count, int HashLength, int Lookup, int CommitData, int Edges)>();
        var total = 0;
        foreach (var file in files)
        {
            var data = File.ReadAllBytes(file);
            if (ReadHeader(data) is not { } layer) return null;
            layers.Add((data, total, layer.Count, layer.HashLength, layer.Lookup, layer.CommitData, layer.Edges));
            total += layer.Count;
        }
        var ids = new CommitId[total];
        foreach (var (data, first, count, hashLength, lookup, _, _) in layers)
            for (var i = 0; i < count; i++) ids[first + i] = CommitId.FromBytes(data.AsSpan(lookup + i * hashLength, hashLength));

        var builder = new CommitGraph.Builder(total + 1024);
        var parents = new CommitId[16];
        foreach (var (data, first, count, hashLength, _, commitData, edges) in layers)
        {
            var stride = hashLength + 16;
            for (var i = 0; i < count; i++)
            {
                var n = 0;
                var at = commitData + i * stride + hashLength;
                var p1 = BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(at));
                var p2 = BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(at + 4));
                if (p1 != ParentNone)
                {
                    if (p1 >= total) return null;
                    parents[n++] = ids[p1];
                }
                if (p2 != ParentNone)
                {
                    if ((p2 & 0x80000000) == 0)
                    {
                        if (p2 >= total) return null;
                        parents[n++] = ids[p2];
                    }
                    else
                    {
                        // an octopus merge: its other parents are listed in the extra-edges chunk
                        if (edges < 0) return null;
                        for (var e = edges + 4 * (int)(p2 & 0x7fffffff); e + 4 <= data.Length; e += 4)
                        {
                            var edge = BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(e));
                            var position = edge & 0x7fffffff;
                            if (position >= total) return null;
                            if (n == parents.Length) Array.Resize(ref parents, n * 2);
                            parents[n++] = ids[position];
                            if ((edge & 0x80000000) != 0) break;
                        }
                    }
                }
                builder.Add(ids[first + i], parents.AsSpan(0, n));
            }
        }

        // Commits the file does not hold yet (made since it was written): read them from the object store, back to the graph.
        // (the file is closed under parents, so every id the builder knows by now is a commit of the file)
        var missing = tips.Where(t => !builder.Knows(t)).Distinct().ToList();
        if (missing.Count == 0) return builder.Build();
        var read = ReadMissing(git, missing, builder);
        return read ? builder.Build() : null;
    }

    private static (int Count, int HashLength, int Lookup, int CommitData, int Edges)? ReadHeader(byte[] data)
    {
        if (data.Length < 8 || BinaryPrimitives.ReadUInt32BigEndian(data) != Signature || data[4] != 1) return null;
        var hashLength = data[5] switch { 1 => 20, 2 => 32, _ => 0 };
        if (hashLength == 0) return null;
        int chunks = data[6];
        int fanout = -1, lookup = -1, commitData = -1, edges = -1;
        for (var c = 0; c < chunks; c++)
        {
            var entry = 8 + 12 * c;
            if (entry + 12 > data.Length) return null;
            var id = BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(entry));
            var offset = BinaryPrimitives.ReadUInt64BigEndian(data.AsSpan(entry + 4));
            if (offset > (ulong)data.Length) return null;
            switch (id)
            {
                case ChunkOidFanout: fanout = (int)offset; break;
                case ChunkOidLookup: lookup = (int)offset; break;
                case ChunkCommitData: commitData = (int)offset; break;
                case ChunkExtraEdges: edges = (int)offset; break;
            }
        }
        if (fanout < 0 || lookup < 0 || commitData < 0 || fanout + 1024 > data.Length) return null;
        var count = (int)BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(fanout + 1020));
        if (lookup + (long)count * hashLength > data.Length || commitData + (long)count * (hashLength + 16) > data.Length) return null;
        return (count, hashLength, lookup, commitData, edges);
    }

    private static bool ReadMissing(GitProcess git, List<CommitId> start, CommitGraph.Builder builder)
    {
        var seen = new HashSet<CommitId>(start);
        var level = start;
        var total = 0;
        while (level.Count > 0)
        {
            total += level.Count;
            if (total > MaxMissing) return false;
            var next = new List<CommitId>();
            var input = string.Join('\n', level.Select(id => id.ToString())) + "\n";
            var output = git.RunBytes(["cat-file", "--batch"], input);
            var at = 0;
            foreach (var id in level)
            {
                var nl = Array.IndexOf(output, (byte)'\n', at);
                if (nl < 0) return false;
                var header = Encoding.ASCII.GetString(output, at, nl - at).Split(' ');
                if (header.Length != 3 || header[1] != "commit" || !int.TryParse(header[2], out var size)) return false;
                var body = Encoding.UTF8.GetString(output, nl + 1, size);
                at = nl + 1 + size + 1;
                var parents = new List<CommitId>();
                foreach (var line in body.Split('\n'))
                {
                    if (line.Length == 0) break; // the headers end at the first empty line
                    if (!line.StartsWith("parent ", StringComparison.Ordinal)) continue;
                    if (!CommitId.TryParse(line.AsSpan(7), out var parent)) return false;
                    parents.Add(parent);
                    if (!builder.Knows(parent) && seen.Add(parent)) next.Add(parent);
                }
                builder.Add(id, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(parents));
            }
            level = next;
        }
        return true;
    }

    private static bool HasReplaceRefs(string commonDir)
    {
        var loose = Path.Combine(commonDir, "refs", "replace");
        if (Directory.Exists(loose) && Directory.EnumerateFiles(loose, "*", SearchOption.AllDirectories).Any()) return true;
        var packed = Path.Combine(commonDir, "packed-refs");
        if (!File.Exists(packed)) return false;
        foreach (var line in File.ReadLines(packed))
            if (line.Contains(" refs/replace/", StringComparison.Ordinal)) return true;
        return false;
    }
}
