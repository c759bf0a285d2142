using System.CommandLine;

namespace ReleaseLint.Cli;

/// <summary>
/// <c>releaselint completion bash|zsh|fish</c>: prints a shell completion script. The script asks the tool itself
/// through System.CommandLine's <c>[suggest:POSITION]</c> directive, so commands, options and their values
/// (<c>--format</c>, <c>--fail-on</c>, …) complete as the installed version knows them.
/// </summary>
public static class CompletionCommand
{
    /// <summary>The shells a script exists for.</summary>
    public static IReadOnlyList<string> Shells { get; } = ["bash", "zsh", "fish"];

    /// <summary>Builds the command.</summary>
    public static Command Create(CliHost host)
    {
        var shell = new Argument<string>("SHELL") { Description = "bash, zsh or fish." };
        shell.AcceptOnlyFromAmong([.. Shells]);
        var command = new Command("completion", "Print a shell completion script: eval \"$(releaselint completion bash)\" in ~/.bashrc (zsh: ~/.zshrc; fish: releaselint completion fish | source).") { shell };
        command.SetAction(parse =>
        {
            host.Out.Write(Script(parse.GetValue(shell)!));
            return ReleaseLintCli.ExitClean;
        });
        return command;
    }

    /// <summary>The completion script for <paramref name="shell"/>.</summary>
    public static string Script(string shell) => shell switch
    {
        "bash" => Bash,
        "zsh" => "autoload -U +X bashcompinit && bashcompinit\n" + Bash,
        "fish" => Fish,
        _ => throw new UsageException($"no completion script for '{shell}'; one of {string.Join(", ", Shells)}"),
    };

    private const string Bash = """
        # releaselint completion: asks releaselint '[suggest:POSITION]' for what may follow.
        _releaselint_complete() {
          local line="${COMP_LINE:0:COMP_POINT}"
          line="${line#*[[:space:]]}"
          local IFS=$'\n'
          COMPREPLY=($(compgen -W "$(releaselint "[suggest:${#line}]" "$line" 2>/dev/null)" -- "${COMP_WORDS[COMP_CWORD]}"))
        }
        complete -o default -o nospace -F _releaselint_complete releaselint

        """;

    private const string Fish = """
        # releaselint completion: asks releaselint '[suggest:POSITION]' for what may follow.
        function __releaselint_complete
            set -l line (commandline -cp | string replace -r '^\S+\s*' '')
            releaselint "[suggest:"(string length -- "$line")"]" "$line" 2>/dev/null
        end
        complete -c releaselint -f -a '(__releaselint_complete)'

        """;
}
