using System.Text;
using System.Text.Json;
using ReleaseLint.Cli;
using ReleaseLint.Cli.Output;
using ReleaseLint.Engine;

namespace ReleaseLint.Tests.CommandLine;

/// <summary>
/// Issue 17's command line: paths relative to the current directory, files and standard input, --min-severity, -q,
/// per-rule counts, source excerpts on a terminal only, config, completion, JSON escaping, SARIF with a baseline,
/// summary counts and where the summary goes, --output into a missing folder, reports inside the repository, help.
/// </summary>
public sealed class CliHabitsTests
{
    private const string Unpinned = "on: push\npermissions:\n  contents: read\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: acme/deploy@v1\n";

    private static (int Code, string Out, string Err) Run(string cwd, params string[] args) => Run(cwd, terminal: false, null, args);

    private static (int Code, string Out, string Err) Run(string cwd, bool terminal, string? stdin, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var env = new Dictionary<string, string?> { ["NO_COLOR"] = "1" };
        var host = new CliHost
        {
            Out = stdout,
            Error = stderr,
            CurrentDirectory = cwd,
            OutIsTerminal = terminal,
            Environment = n => env.GetValueOrDefault(n),
            OpenInput = () => new MemoryStream(Encoding.UTF8.GetBytes(stdin ?? "")),
        };
        var code = ReleaseLintCli.Run(args, host);
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>A git repository (git init) holding a workflow with an unpinned action, in a parent folder.</summary>
    private static TempDir Repository(out string repo)
    {
        var dir = new TempDir();
        repo = Path.Combine(dir.Path, "service");
        dir.Write("service/.github/workflows/deploy.yml", Unpinned);
        dir.Write("service/README.md", "# Service\n\nSee [the guide](docs/missing.md).\n");
        ScriptedRepository.Run(repo, "git", ["init", "-q"]);
        return dir;
    }

    private static TempDir DriftedCopy(out string root)
    {
        var dir = new TempDir();
        root = Path.Combine(dir.Path, "drifted");
        CopyTree(Path.Combine(TestPaths.Samples, "drifted"), root);
        return dir;
    }

    private static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var d in Directory.GetDirectories(from, "*", SearchOption.AllDirectories)) Directory.CreateDirectory(d.Replace(from, to));
        foreach (var f in Directory.GetFiles(from, "*", SearchOption.AllDirectories)) File.Copy(f, f.Replace(from, to));
    }

    [Fact]
    public void Paths_in_text_json_and_github_output_are_relative_to_the_current_directory()
    {
        using var dir = DriftedCopy(out var root);
        var text = Run(dir.Path, "check", "drifted");
        Assert.Matches(@"(?m)^drifted/\.github/workflows/ci\.yml:3:3: error RL1001 unknown event 'pull-request'", text.Out);
        var inside = Run(root, "check");
        Assert.Matches(@"(?m)^\.github/workflows/ci\.yml:3:3: error RL1001", inside.Out);
        var below = Run(Path.Combine(root, "docs"), "check", "..");
        Assert.Matches(@"(?m)^\.\./\.github/workflows/ci\.yml:3:3: error RL1001", below.Out);
        var absolute = Run(Path.Combine(root, "docs"), "check", root);
        Assert.Contains($"{root}/.github/workflows/ci.yml:3:3: error RL1001", absolute.Out);

        using var json = JsonDocument.Parse(Run(dir.Path, "check", "drifted", "--format", "json").Out);
        Assert.All(json.RootElement.GetProperty("findings").EnumerateArray(), f => Assert.StartsWith("drifted/", f.GetProperty("path").GetString()));
        var github = Run(dir.Path, "check", "drifted", "--format", "github").Out;
        Assert.Contains("::error file=drifted/.github/workflows/ci.yml,line=3,col=3,", github);
        Assert.DoesNotContain("file=.github/", github);

        // SARIF stays relative to the repository root (code scanning resolves it there).
        using var sarif = JsonDocument.Parse(Run(dir.Path, "check", "drifted", "--format", "sarif").Out);
        var uri = sarif.RootElement.GetProperty("runs")[0].GetProperty("results")[0].GetProperty("locations")[0]
            .GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString();
        Assert.DoesNotContain("drifted/", uri);
    }

    [Fact]
    public void Named_files_are_linted_in_their_repository_and_only_they_are_reported()
    {
        using var dir = Repository(out var repo);
        var all = Run(repo, "check");
        Assert.Contains(".github/workflows/deploy.yml:8:", all.Out);
        Assert.Contains("README.md:3:", all.Out);

        var one = Run(repo, "check", ".github/workflows/deploy.yml");
        Assert.Equal(1, one.Code);
        Assert.Contains(".github/workflows/deploy.yml:8:15: error RL1004", one.Out);
        Assert.DoesNotContain("README.md", one.Out);
        Assert.Matches(@"(?m)^1 error, 0 warnings, 0 notes in 1 file \(", one.Out);

        // From another folder: the file's repository is found above it, and paths are shown from here.
        var outside = Run(dir.Path, "check", "service/README.md");
        Assert.Contains("service/README.md:3:", outside.Out);
        Assert.DoesNotContain("deploy.yml", outside.Out);

        Assert.Equal(2, Run(repo, "check", "no-such.yml").Code);
        var mixed = Run(repo, "check", ".github", "README.md");
        Assert.Equal(2, mixed.Code);
        Assert.Contains("is a folder", mixed.Err);
    }

    [Fact]
    public void A_workflow_on_standard_input_is_linted_as_a_workflow_of_the_repository()
    {
        using var dir = Repository(out var repo);
        var piped = Run(repo, terminal: false, Unpinned, "check", "-");
        Assert.Equal(1, piped.Code);
        Assert.Contains(".github/workflows/stdin.yml:8:15: error RL1004", piped.Out);
        Assert.DoesNotContain("deploy.yml", piped.Out);
        Assert.DoesNotContain("README.md", piped.Out);

        var named = Run(repo, terminal: false, "on: pull-request\njobs: {}\n", "check", "-", "--stdin-filename", ".github/workflows/ci.yml");
        Assert.Contains(".github/workflows/ci.yml:1:5: error RL1001 unknown event 'pull-request'", named.Out);
        Assert.Equal(2, Run(repo, terminal: false, Unpinned, "check", "-", "README.md").Code);
    }

    [Fact]
    public void Min_severity_hides_lower_findings_counts_them_and_they_do_not_fail_the_run()
    {
        using var dir = DriftedCopy(out var root);
        var all = Run(root, "check", "--format", "json");
        using var allJson = JsonDocument.Parse(all.Out);
        var warnings = allJson.RootElement.GetProperty("summary").GetProperty("warnings").GetInt32();
        var notes = allJson.RootElement.GetProperty("summary").GetProperty("notes").GetInt32();
        Assert.True(warnings + notes > 0);

        var errors = Run(root, "check", "--min-severity", "error");
        Assert.DoesNotContain(": warning ", errors.Out);
        Assert.DoesNotContain(": note ", errors.Out);
        Assert.Contains(": error ", errors.Out);
        Assert.Contains($", {warnings + notes} below --min-severity in ", errors.Out);
        Assert.Equal(2, Run(root, "check", "--min-severity", "loud").Code);

        // A finding that is not reported does not fail the run.
        using var noteOnly = new TempDir();
        noteOnly.Write("README.md", "# Docs\n\n<!-- releaselint-disable-next-line RL4003 -->\n[fine](README.md)\n");
        Assert.Equal(1, Run(noteOnly.Path, "check", ".", "--fail-on", "note").Code);
        Assert.Equal(0, Run(noteOnly.Path, "check", ".", "--fail-on", "note", "--min-severity", "warning").Code);
    }

    [Fact]
    public void Quiet_prints_the_findings_only()
    {
        using var dir = DriftedCopy(out var root);
        var quiet = Run(root, "check", "-q");
        Assert.Equal(1, quiet.Code);
        var lines = quiet.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        // Finding lines, and under some of them the indented preview of their fix.
        Assert.All(lines.Where(l => !l.StartsWith(' ')), l => Assert.Matches(@"^[^ ]+:\d+:\d+: (error|warning|note) RL\d{4} ", l));
        Assert.DoesNotContain(lines, l => l.StartsWith("note: ", StringComparison.Ordinal) || l.StartsWith("by rule: ", StringComparison.Ordinal));
        Assert.Equal("", quiet.Err);
        var clean = Run(Path.Combine(TestPaths.Samples, "live-branch"), "check", ".", "--quiet");
        Assert.Equal("", clean.Out);
    }

    [Fact]
    public void The_summary_counts_findings_per_rule()
    {
        using var dir = DriftedCopy(out var root);
        var text = Run(root, "check");
        var lines = text.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var byRule = Assert.Single(lines, l => l.StartsWith("by rule: ", StringComparison.Ordinal));
        Assert.Equal(lines.Length - 2, Array.IndexOf(lines, byRule));
        var rl1001 = lines.Count(l => l.Contains(": error RL1001 ", StringComparison.Ordinal));
        Assert.Contains($"RL1001 workflow-structure {rl1001}", byRule);

        using var json = JsonDocument.Parse(Run(root, "check", "--format", "json").Out);
        var counts = json.RootElement.GetProperty("summary").GetProperty("byRule");
        Assert.Equal(rl1001, counts.GetProperty("RL1001").GetInt32());
        Assert.Equal(json.RootElement.GetProperty("findings").GetArrayLength(), counts.EnumerateObject().Sum(p => p.Value.GetInt32()));
    }

    [Fact]
    public void A_source_excerpt_follows_each_finding_on_a_terminal_and_never_on_a_pipe()
    {
        using var dir = Repository(out var repo);
        var terminal = Run(repo, terminal: true, null, "check", ".github/workflows/deploy.yml");
        var lines = terminal.Out.Split('\n');
        var at = Array.FindIndex(lines, l => l.Contains("error RL1004", StringComparison.Ordinal));
        Assert.Equal("   |", lines[at + 1]);
        Assert.Equal(" 8 |       - uses: acme/deploy@v1", lines[at + 2]);
        Assert.Equal("   |               ^~~~~~~~~~~~~" + "~", lines[at + 3]);
        Assert.DoesNotContain("\u001b", terminal.Out); // NO_COLOR

        var piped = Run(repo, "check", ".github/workflows/deploy.yml");
        Assert.DoesNotContain(" |", piped.Out);
    }

    [Fact]
    public void Excerpts_escape_the_source_and_keep_the_caret_under_the_column()
    {
        var source = new ReleaseLint.Inputs.SourceText("a.yml", "key: \u001b[31mred\u001b[0m target\n");
        var writer = new StringWriter();
        TextFormatter.WriteExcerpt(writer, source, new SourceLocation("a.yml", 1, 19, 1, 25), color: false);
        var lines = writer.ToString().Split('\n');
        Assert.Equal(@" 1 | key: \x1B[31mred\x1B[0m target", lines[1]);
        Assert.Equal(lines[1].IndexOf("target", StringComparison.Ordinal), lines[2].IndexOf('^'));
        Assert.DoesNotContain("\u001b", writer.ToString());
    }

    [Fact]
    public void A_finding_is_one_line_whatever_its_length_and_colour_is_plain_sgr()
    {
        var finding = new Finding(EngineRules.InvalidConfig, Severity.Error, new string('x', 600) + "\nforged", SourceLocation.At(".releaselint.yml", 1));
        var result = new LintResult { Root = "/r", Findings = [finding], Rules = [EngineRules.InvalidConfig], Policy = new ReleaseLint.Policy.ReleasePolicy() };
        var plain = new StringWriter();
        TextFormatter.Write(plain, result, new TextOptions());
        Assert.Equal(3, plain.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length); // finding, by rule, summary
        var color = new StringWriter();
        TextFormatter.Write(color, result, new TextOptions { Color = true });
        var first = color.ToString().Split('\n')[0];
        Assert.Contains(new string('x', 600) + @"\nforged", first);
        // Only SGR sequences (ESC [ … m): no cursor, keypad or mode sequences.
        Assert.Empty(System.Text.RegularExpressions.Regex.Matches(color.ToString(), "\u001b(?!\\[[0-9;]*m)"));
    }

    [Fact]
    public void Json_escapes_quotes_and_controls_but_not_apostrophes_or_angle_brackets()
    {
        var finding = new Finding(EngineRules.InvalidConfig, Severity.Error, "can't use <script> & \"x\"\u001b\u202e", SourceLocation.At("a'b>.yml", 1));
        var result = new LintResult { Root = "/r", Findings = [finding], Rules = [EngineRules.InvalidConfig], Policy = new ReleaseLint.Policy.ReleasePolicy() };
        var writer = new StringWriter();
        JsonFormatter.Write(writer, result);
        var json = writer.ToString();
        Assert.Contains(@"""message"": ""can't use <script> & ", json);
        Assert.DoesNotContain("\u001b", json);
        Assert.DoesNotContain("\u202e", json);
        Assert.Contains(@"\u202E", json);
        Assert.Contains(@"""path"": ""a'b>.yml""", json);
        Assert.DoesNotContain("\\u0027", json);
        Assert.DoesNotContain("\\u003E", json);
        Assert.Equal(finding.Message, JsonDocument.Parse(json).RootElement.GetProperty("findings")[0].GetProperty("message").GetString());
    }

    [Fact]
    public void Sarif_with_a_baseline_keeps_baselined_results_as_accepted_suppressions()
    {
        using var dir = Repository(out var repo);
        Assert.Equal(0, Run(repo, "baseline").Code); // PATH defaults to the current directory's repository
        File.AppendAllText(Path.Combine(repo, ".github/workflows/deploy.yml"), "      - uses: acme/other@main\n");
        var baseline = Path.Combine(repo, ".releaselint-baseline.json");
        using var doc = JsonDocument.Parse(Run(repo, "check", "--baseline", baseline, "--format", "sarif").Out);
        var results = doc.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToList();
        var fresh = Assert.Single(results, r => r.GetProperty("baselineState").GetString() == "new");
        Assert.False(fresh.TryGetProperty("suppressions", out _));
        Assert.Contains("acme/other@main", fresh.GetProperty("message").GetProperty("text").GetString());
        var known = results.Where(r => r.GetProperty("baselineState").GetString() == "unchanged").ToList();
        Assert.Equal(2, known.Count); // the unpinned acme/deploy@v1 and the broken README link
        Assert.All(known, r =>
        {
            var s = Assert.Single(r.GetProperty("suppressions").EnumerateArray());
            Assert.Equal("external", s.GetProperty("kind").GetString());
            Assert.Equal("accepted", s.GetProperty("status").GetString());
        });
        // The fingerprints are the baseline's.
        using var file = JsonDocument.Parse(File.ReadAllText(baseline));
        var recorded = file.RootElement.GetProperty("findings").EnumerateArray().Select(e => e.GetProperty("fingerprint").GetString()).ToHashSet();
        Assert.All(known, r => Assert.Contains(r.GetProperty("partialFingerprints").GetProperty("releaselint/v1").GetString(), recorded));
        // Text output and the exit code see only the new finding.
        var text = Run(repo, "check", "--baseline", baseline);
        Assert.Equal(1, text.Code);
        Assert.Single(text.Out.Split('\n'), l => l.Contains(": error ", StringComparison.Ordinal));
    }

    [Fact]
    public void The_summary_counts_the_files_linted_not_every_file_walked()
    {
        using var dir = Repository(out var repo);
        for (var i = 0; i < 5; i++) File.WriteAllText(Path.Combine(repo, $"data{i}.bin"), "not linted");
        var run = Run(repo, "check");
        Assert.Matches(@"(?m)^2 errors, 0 warnings, 0 notes in 2 files \(", run.Out); // the workflow and the README, not the data files
    }

    [Fact]
    public void Sarif_on_standard_output_leaves_the_summary_to_standard_error()
    {
        using var dir = DriftedCopy(out var root);
        var run = Run(root, "check", "--format", "sarif");
        JsonDocument.Parse(run.Out).Dispose();
        Assert.Matches(@"(?m)^\d+ errors, \d+ warnings?, \d+ notes? in \d+ files \(", run.Err);
        Assert.Contains("by rule: ", run.Err);
        Assert.Equal("", Run(root, "check", "--format", "sarif", "-q").Err);
    }

    [Fact]
    public void Output_into_a_missing_folder_is_one_line_and_exit_2()
    {
        using var dir = Repository(out var repo);
        var target = Path.Combine(dir.Path, "reports", "releaselint.sarif");
        var run = Run(repo, "check", "--format", "sarif", "--output", target);
        Assert.Equal(2, run.Code);
        Assert.Single(run.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("does not exist; create it first", run.Err);
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "reports")));
    }

    [Theory]
    [InlineData("sarif", "releaselint.sarif")]
    [InlineData("json", "releaselint.json")]
    [InlineData("text", "releaselint.txt")]
    [InlineData("github", "annotations.txt")]
    public void A_report_written_inside_the_repository_is_not_linted_by_the_next_run(string format, string name)
    {
        using var dir = Repository(out var repo);
        var before = Run(repo, "check", "--format", "json");
        Assert.Equal(1, Run(repo, "check", "--format", format, "--output", Path.Combine(repo, name)).Code);
        var after = Run(repo, "check", "--format", "json");
        using var a = JsonDocument.Parse(before.Out);
        using var b = JsonDocument.Parse(after.Out);
        Assert.Equal(a.RootElement.GetProperty("findings").GetArrayLength(), b.RootElement.GetProperty("findings").GetArrayLength());
        Assert.Equal(a.RootElement.GetProperty("summary").GetProperty("files").GetInt32(), b.RootElement.GetProperty("summary").GetProperty("files").GetInt32());
    }

    [Fact]
    public void Help_shows_optional_paths_and_value_names()
    {
        var help = Run(TestPaths.Root, "check", "--help").Out;
        Assert.Contains("check [<PATH>...] [options]", help);
        Assert.Contains("--github <OWNER/REPO>", help);
        Assert.Contains("--output, -o <FILE>", help.Replace("-o, --output", "--output, -o"));
        Assert.DoesNotContain("<github>", help);
        Assert.Contains("--min-severity <error|note|warning>", help);
    }

    [Fact]
    public void Config_prints_the_effective_configuration_and_rule_severities()
    {
        using var dir = Repository(out var repo);
        File.WriteAllText(Path.Combine(repo, ".releaselint.yml"), "branches:\n  release: production\nrules:\n  RL1004: warning\n  colour: blue\n");
        var run = Run(repo, "config");
        Assert.Equal(0, run.Code);
        Assert.Contains("# effective configuration: .releaselint.yml over the defaults", run.Out);
        Assert.Contains("  release: 'production'", run.Out);
        Assert.Contains("  integration: 'main'", run.Out); // a default
        Assert.Matches(@"(?m)^  RL1004: warning\s+# unpinned-action, default error$", run.Out);
        Assert.Matches(@"(?m)^  RL1001: error\s+# workflow-structure$", run.Out);
        Assert.Contains("# RL0001 .releaselint.yml:5:11: 'rules.colour' must be one of error, warning, note or off", run.Out);
    }

    [Fact]
    public void Rules_shows_the_effective_severities()
    {
        using var dir = Repository(out var repo);
        File.WriteAllText(Path.Combine(repo, ".releaselint.yml"), "rules:\n  unpinned-action: note\n");
        var run = Run(repo, "rules");
        Assert.Matches(@"(?m)^RL1004  unpinned-action\s+note\s+.*\(default error\)$", run.Out);
        Assert.Contains("severities from .releaselint.yml (1 changed)", run.Out);
        Assert.Matches(@"(?m)^RL1004  unpinned-action\s+error ", Run(dir.Path, "rules").Out);
    }

    [Fact]
    public void Completion_scripts_ask_the_tool_which_completes_commands_options_and_values()
    {
        foreach (var shell in CompletionCommand.Shells)
        {
            var script = Run(TestPaths.Root, "completion", shell);
            Assert.Equal(0, script.Code);
            Assert.Contains("[suggest:", script.Out);
        }
        Assert.Contains("check", Run(TestPaths.Root, "[suggest:3]", "che").Out.Split('\n').Select(l => l.Trim()));
        Assert.Contains("--min-severity", Run(TestPaths.Root, "[suggest:11]", "check --min").Out.Split('\n').Select(l => l.Trim()));
        Assert.Contains("sarif", Run(TestPaths.Root, "[suggest:15]", "check --format ").Out.Split('\n').Select(l => l.Trim()));
        Assert.Equal(2, Run(TestPaths.Root, "completion", "tcsh").Code);
    }

    [Fact]
    public void No_keypad_or_other_escape_sequence_reaches_a_terminal_when_output_is_piped()
    {
        if (!File.Exists("/usr/bin/script")) return; // util-linux script gives the child a terminal
        var dll = Path.Combine(AppContext.BaseDirectory, "releaselint.dll");
        var start = new System.Diagnostics.ProcessStartInfo("/usr/bin/script", ["-qec", $"dotnet '{dll}' rules RL1004 | tail -n 1", "/dev/null"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["TERM"] = "xterm-256color";
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Contains("Default severity: error.", output);
        Assert.DoesNotContain("\u001b", output);
    }

    [Fact]
    public void Standard_output_moves_the_descriptor_offset_so_what_follows_in_the_same_file_does_not_overwrite_it()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var dir = new TempDir();
        var file = Path.Combine(dir.Path, "out.txt");
        var dll = Path.Combine(AppContext.BaseDirectory, "releaselint.dll");
        var start = new System.Diagnostics.ProcessStartInfo("bash", ["-c", "exec > \"$1\"; dotnet \"$2\" rules RL1004 | tail -n 0; dotnet \"$2\" --version; echo after", "_", file, dll]);
        using var process = System.Diagnostics.Process.Start(start)!;
        process.WaitForExit();
        var lines = File.ReadAllLines(file);
        Assert.Equal(2, lines.Length);
        Assert.Matches(@"^\d+\.\d+\.\d+", lines[0]);
        Assert.Equal("after", lines[1]);
    }

    [Fact]
    public void A_workflow_piped_to_the_process_is_read_from_standard_input()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var dir = Repository(out var repo);
        var dll = Path.Combine(AppContext.BaseDirectory, "releaselint.dll");
        var start = new System.Diagnostics.ProcessStartInfo("bash", ["-c", "cd \"$1\" && printf '%s' \"$3\" | dotnet \"$2\" check - -q", "_", repo, dll, Unpinned])
        {
            RedirectStandardOutput = true,
        };
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(1, process.ExitCode);
        Assert.StartsWith(".github/workflows/stdin.yml:8:15: error RL1004 'acme/deploy@v1'", output);
    }
}
