using System.CommandLine;
using System.Text;
using ReleaseLint.Engine;
using ReleaseLint.Git;

namespace ReleaseLint.Cli;

/// <summary><c>releaselint install-hook</c>: writes a git pre-commit hook that runs <c>check --staged</c>.</summary>
public static class InstallHookCommand
{
    /// <summary>The line that marks a hook as ours (so that re-installing may overwrite it).</summary>
    public const string Marker = "# installed by `releaselint install-hook`";

    /// <summary>Builds the command.</summary>
    public static Command Create(TextWriter stdout)
    {
        var path = new Argument<string?>("PATH") { Description = "The repository (default: the repository root of the current directory).", Arity = ArgumentArity.ZeroOrOne };
        var force = new Option<bool>("--force") { Description = "Overwrite an existing pre-commit hook that ReleaseLint did not write." };
        var command = new Command("install-hook", "Install a git pre-commit hook that runs 'releaselint check --staged'.") { path, force };
        command.SetAction(parse =>
        {
            var root = CheckCommand.ResolveRoot(parse.GetValue(path));
            var hooks = GitCli.Run(root, "rev-parse", "--path-format=absolute", "--git-path", "hooks");
            if (hooks.ExitCode != 0) throw new UsageException($"'{root}' is not a git repository: {hooks.Error}");
            var dir = Encoding.UTF8.GetString(hooks.Output).Trim();
            var hook = Path.Combine(dir, "pre-commit");
            if (File.Exists(hook))
            {
                var existing = File.ReadAllText(hook);
                if (!existing.Contains(Marker, StringComparison.Ordinal) && !parse.GetValue(force))
                    throw new UsageException($"{hook} exists and was not written by ReleaseLint; add the line 'releaselint check --staged' to it yourself, or use --force to replace it");
            }
            Directory.CreateDirectory(dir);
            AtomicFile.WriteText(hook, Script());
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(hook, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                    UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            stdout.WriteLine($"installed {hook}: commits now run 'releaselint check --staged' (skip once with 'git commit --no-verify')");
            return ReleaseLintCli.ExitClean;
        });
        return command;
    }

    /// <summary>The hook script: the releaselint on PATH, else the one that installed the hook.</summary>
    public static string Script() => Script(Environment.ProcessPath, AppContext.BaseDirectory);

    /// <summary>
    /// The hook script for a tool started as <paramref name="processPath"/> from <paramref name="baseDirectory"/>. A tool
    /// installed with <c>dotnet tool install</c> runs from its versioned store (<c>TOOLS/.store/releaselint/0.1.0/…</c>),
    /// which the next upgrade removes: the hook then names the tool's command in <c>TOOLS</c> instead, which upgrades keep.
    /// </summary>
    public static string Script(string? processPath, string baseDirectory)
    {
        var fallback = StableCommand(processPath, baseDirectory);
        return $"""
            #!/bin/sh
            {Marker}
            # Lints what is about to be committed; 'git commit --no-verify' skips it once.
            if command -v releaselint >/dev/null 2>&1; then
              exec releaselint check --staged
            fi
            exec {fallback} check --staged

            """;
    }

    private static string StableCommand(string? processPath, string baseDirectory)
    {
        var self = processPath ?? "releaselint";
        var managed = Path.GetFileNameWithoutExtension(self) == "dotnet";
        if (ToolCommandOutsideStore(managed ? baseDirectory : self) is { } command) return Quote(command);
        return managed ? $"dotnet {Quote(Path.Combine(baseDirectory, "releaselint.dll"))}" : Quote(self);
    }

    /// <summary>For a path inside a tool store (<c>TOOLS/.store/…</c>), the tool's command <c>TOOLS/releaselint</c> when it exists.</summary>
    private static string? ToolCommandOutsideStore(string path)
    {
        var full = Path.GetFullPath(path);
        var marker = $"{Path.DirectorySeparatorChar}.store{Path.DirectorySeparatorChar}";
        var at = full.LastIndexOf(marker, StringComparison.Ordinal);
        if (at < 0) return null;
        var command = Path.Combine(full[..at], OperatingSystem.IsWindows() ? "releaselint.exe" : "releaselint");
        return File.Exists(command) ? command : null;
    }

    /// <summary>A path as one word of a POSIX shell command (single quotes, a quote inside written as '\'').</summary>
    private static string Quote(string path) => "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
