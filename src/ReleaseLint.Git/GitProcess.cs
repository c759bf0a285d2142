using System.Diagnostics;
using System.Text;

namespace ReleaseLint.Git;

/// <summary>A failed git command (non-zero exit); the message is git's first line of error output.</summary>
public sealed class GitCommandException(string message) : InvalidOperationException(message);

/// <summary>
/// Runs the git command-line program in one repository. Used for whole-history questions, where git's own revision
/// walk (with the commit-graph file when the repository has one) is an order of magnitude faster than walking commits
/// through LibGit2Sharp. The environment is cleaned so that a hook's <c>GIT_DIR</c> or a pager never interferes.
/// </summary>
internal sealed class GitProcess(string root)
{
    /// <summary>The repository folder the commands run in.</summary>
    public string Root { get; } = root;

    /// <summary>Runs git and returns its standard output; throws <see cref="GitCommandException"/> when it fails.</summary>
    public string Run(IReadOnlyList<string> args, string? input = null)
    {
        string? output = null;
        Stream(args, s =>
        {
            using var reader = new StreamReader(s, new UTF8Encoding(false));
            output = reader.ReadToEnd();
        }, input);
        return output!;
    }

    /// <summary>Runs git and returns its standard output as bytes; throws <see cref="GitCommandException"/> when it fails.</summary>
    public byte[] RunBytes(IReadOnlyList<string> args, string? input = null)
    {
        byte[]? output = null;
        Stream(args, s =>
        {
            using var buffer = new MemoryStream();
            s.CopyTo(buffer);
            output = buffer.ToArray();
        }, input);
        return output!;
    }

    /// <summary>Runs git, hands its standard output to <paramref name="read"/> as it comes, then checks the exit code.</summary>
    public void Stream(IReadOnlyList<string> args, Action<Stream> read, string? input = null)
    {
        using var process = Start(Root, args, redirectInput: input is not null);
        // Dedicated threads, not the thread pool: rules waiting for history occupy the pool's threads, and a pool task
        // here would wait for the pool to grow (seconds on a small machine).
        var errors = "";
        var errorReader = new Thread(() => errors = process.StandardError.ReadToEnd()) { IsBackground = true };
        errorReader.Start();
        Thread? writer = null;
        if (input is not null)
        {
            writer = new Thread(() =>
            {
                try
                {
                    process.StandardInput.Write(input);
                    process.StandardInput.Close();
                }
                catch (IOException) { } // git stopped reading (it failed): its exit code says why
            }) { IsBackground = true };
            writer.Start();
        }
        read(process.StandardOutput.BaseStream);
        writer?.Join();
        process.WaitForExit();
        errorReader.Join();
        if (process.ExitCode != 0)
        {
            var first = errors.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.Trim() ?? "";
            throw new GitCommandException($"git {args[0]} failed (exit {process.ExitCode}): {first}");
        }
    }

    /// <summary>
    /// Runs <c>git first…</c> with <paramref name="input"/> and streams its output into <c>git second…</c>, as a shell
    /// pipe would (<c>git diff-tree --stdin -p | git patch-id</c>), without holding the first command's output in memory;
    /// returns the second command's output. Throws <see cref="GitCommandException"/> when either fails.
    /// </summary>
    public string Pipe(IReadOnlyList<string> first, string input, IReadOnlyList<string> second)
    {
        using var consumer = Start(Root, second, redirectInput: true);
        var output = "";
        var errors = "";
        var outputReader = new Thread(() => output = consumer.StandardOutput.ReadToEnd()) { IsBackground = true };
        var errorReader = new Thread(() => errors = consumer.StandardError.ReadToEnd()) { IsBackground = true };
        outputReader.Start();
        errorReader.Start();
        try
        {
            Stream(first, stream =>
            {
                try
                {
                    stream.CopyTo(consumer.StandardInput.BaseStream);
                    consumer.StandardInput.Close();
                }
                catch (IOException) { stream.CopyTo(System.IO.Stream.Null); } // the consumer stopped reading: its exit code says why
            }, input);
        }
        finally
        {
            try { consumer.StandardInput.Close(); } catch (IOException) { }
            outputReader.Join();
            consumer.WaitForExit();
            errorReader.Join();
        }
        if (consumer.ExitCode != 0)
        {
            var line = errors.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.Trim() ?? "";
            throw new GitCommandException($"git {second[0]} failed (exit {consumer.ExitCode}): {line}");
        }
        return output;
    }

    private static Process Start(string directory, IReadOnlyList<string> args, bool redirectInput)
    {
        var info = new ProcessStartInfo("git")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectInput,
            UseShellExecute = false,
            CreateNoWindow = true,
            StandardOutputEncoding = Encoding.UTF8,
            WorkingDirectory = directory,
        };
        info.ArgumentList.Add("-C");
        info.ArgumentList.Add(directory);
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("core.quotePath=false");
        foreach (var a in args) info.ArgumentList.Add(a);
        foreach (var name in new[] { "GIT_DIR", "GIT_WORK_TREE", "GIT_COMMON_DIR", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_NAMESPACE", "GIT_PREFIX" })
            info.Environment.Remove(name);
        info.Environment["GIT_TERMINAL_PROMPT"] = "0";
        info.Environment["GIT_OPTIONAL_LOCKS"] = "0";
        info.Environment["GIT_PAGER"] = "cat";
        info.Environment["LC_ALL"] = "C";
        // a partial clone (--filter=blob:none) must not fetch missing objects from its remote while it is read: a read
        // of a missing object fails instead, and the callers leave that commit out (git 2.44+; older versions ignore it)
        info.Environment["GIT_NO_LAZY_FETCH"] = "1";
        return Process.Start(info) ?? throw new InvalidOperationException("git could not be started");
    }
}
