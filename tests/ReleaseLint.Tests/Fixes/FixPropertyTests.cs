using CsCheck;
using ReleaseLint.Engine;
using ReleaseLint.Fixes;
using ReleaseLint.Rules;

namespace ReleaseLint.Tests.Fixes;

/// <summary>
/// Generated workflows in many written forms (indentation of 2 or 4, indented or flush sequences, CRLF, comments, quoted
/// and block scalars, steps that start with run: on the "- " line, existing env: blocks, reusable calls): --fix=unsafe
/// must leave YAML that parses to the same document apart from the nodes its fixes change (checked node by node), must
/// change nothing on a second run, and must leave no finding whose fix could still be applied.
/// </summary>
public sealed class FixPropertyTests
{
    private sealed record Style(int Unit, bool FlushSequences, bool Crlf);

    private static readonly Gen<string> Script = Gen.OneOf(
        "echo \"Title: ${{ github.event.issue.title }}\"",
        "echo ${{ github.head_ref }}",
        "echo '${{ github.event.comment.body }}'",
        "echo 'said: ${{ github.event.comment.body }} ok'",
        "VERSION=\"${{ inputs.note }}\"",
        "echo ok",
        "./label.sh \"${{ github.event.pull_request.title }}\" \"${{ github.event.pull_request.title }}\"",
        "echo \"${{ env.TITLE }}\"",
        "cat <<EOF\n${{ github.event.issue.body }}\nEOF",
        "cat <<'EOF'\n${{ github.event.issue.body }}\nEOF",
        "# ${{ github.event.issue.title }}\necho hi");

    private static readonly Gen<string> Uses = Gen.OneOf(
        "actions/checkout@v4", "actions/checkout@main", "docker/login-action@v3", "docker/login-action@9780b0c",
        "superfly/flyctl-actions/setup-flyctl@master", "pnpm/action-setup@v4.1.0", "./local-action");

    private static Gen<string> Step(Gen<int> unit) => Gen.Frequency(
        (3, Gen.Select(Uses, Gen.Int[0, 3], Gen.Bool).Select((uses, form, with) =>
            (form switch { 0 => $"uses: {uses}", 1 => $"uses: '{uses}'", 2 => $"uses: \"{uses}\"", _ => $"uses: {uses} # keep me" })
            + (with ? "\nwith:\n  token: ${{ secrets.TOKEN }}" : ""))),
        (4, Gen.Select(Script.List[1, 3], Gen.Int[0, 3], Gen.Bool, Gen.Bool).Select((lines, form, named, env) =>
        {
            var script = string.Join("\n", lines);
            var multi = script.Contains('\n');
            var run = form switch
            {
                _ when multi || form == 0 => "run: |\n" + string.Join("\n", script.Split('\n').Select(l => "  " + l)),
                1 => "run: " + script,
                2 => "run: >-\n  " + script,
                _ => "run: |+\n  " + script + "\n",
            };
            if (form == 1 && (script.StartsWith('\'') || script.StartsWith('"') || script.Contains(": ") || script.Contains(" #"))) run = "run: |\n  " + script;
            var head = named ? "name: Step\n" : "";
            var envBlock = env ? "env:\n  LANG_X: C\n" : "";
            return named ? head + envBlock + run : run + (env ? "\n" + envBlock.TrimEnd('\n') : "");
        })));

    private static string Render(Style style, IReadOnlyList<IReadOnlyList<string>> jobs, bool callsReusable, bool comments)
    {
        string Indent(int level) => new(' ', level * style.Unit);
        var lines = new List<string> { "name: Generated", "on:", Indent(1) + "issues:", Indent(1) + "pull_request_target:", Indent(1) + "workflow_dispatch:", Indent(2) + "inputs:", Indent(3) + "note:", Indent(4) + "type: string" };
        lines.Add("permissions:");
        lines.Add(Indent(1) + "contents: read");
        lines.Add("env:");
        lines.Add(Indent(1) + "TITLE: ${{ github.event.issue.title }}");
        lines.Add("");
        if (comments) lines.Add("# the jobs");
        lines.Add("jobs:");
        for (var j = 0; j < jobs.Count; j++)
        {
            lines.Add(Indent(1) + $"job{j}:");
            lines.Add(Indent(2) + "runs-on: ubuntu-latest");
            if (j % 2 == 0)
            {
                // A job env: holding an expression a script also has: the fix reads the job's variable.
                lines.Add(Indent(2) + "env:");
                lines.Add(Indent(3) + "PR_TITLE: ${{ github.event.pull_request.title }}");
            }
            lines.Add(Indent(2) + "steps:");
            var itemIndent = style.FlushSequences ? Indent(2) : Indent(3);
            foreach (var step in jobs[j])
            {
                if (comments) lines.Add(itemIndent + "  # a step");
                var stepLines = step.Split('\n');
                lines.Add(itemIndent + "- " + Reindent(stepLines[0], style.Unit));
                foreach (var l in stepLines.Skip(1)) lines.Add(itemIndent + "  " + Reindent(l, style.Unit));
            }
        }
        if (callsReusable)
        {
            lines.Add(Indent(1) + "call:");
            lines.Add(Indent(2) + "uses: ./.github/workflows/callee.yml");
            lines.Add(Indent(2) + "secrets: inherit" + (comments ? " # all of them" : ""));
        }
        var text = string.Join("\n", lines) + "\n";
        return style.Crlf ? text.Replace("\n", "\r\n") : text;
    }

    // Steps are written with two spaces a level; the file's unit replaces them.
    private static string Reindent(string line, int unit)
    {
        var spaces = line.Length - line.TrimStart(' ').Length;
        return new string(' ', spaces / 2 * unit) + line[spaces..];
    }

    private const string Callee = "on:\n  workflow_call:\n    inputs:\n      x:\n        type: string\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./deploy.sh\n        env:\n          KEY: ${{ secrets.DEPLOY_KEY }}\n";

    [Fact]
    public void Fix_keeps_every_other_node_and_is_idempotent()
    {
        var style = Gen.Select(Gen.OneOf(2, 4), Gen.Bool, Gen.Bool).Select((u, f, c) => new Style(u, f, c));
        var jobs = Step(Gen.Const(2)).List[1, 4].Select(l => (IReadOnlyList<string>)l).List[1, 3];
        Gen.Select(style, jobs, Gen.Bool, Gen.Bool).Sample((s, j, call, comments) =>
        {
            var workflow = Render(s, j.Cast<IReadOnlyList<string>>().ToList(), call, comments);
            using var dir = new TempDir();
            dir.Write(".github/workflows/gen.yml", workflow);
            dir.Write(".github/workflows/callee.yml", Callee);
            var resolver = new FakeCommitResolver();
            var request = new LintRequest { Root = dir.Path, Rules = BuiltInRules.Create(), GitHub = new() { CommitResolver = resolver } };
            var options = new FixOptions { Safety = FixSafety.Unsafe };
            var run = FixRunner.Run(request, options);
            Assert.Empty(FixRunner.Write(dir.Path, run));
            foreach (var file in run.Files)
                YamlTrees.AssertOnlyFixedNodesDiffer(file.Path, file.File.Text, file.Fixed);
            var again = FixRunner.Run(request, options);
            Assert.True(again.Files.Count == 0, "a second --fix changed the tree again:\n" + again.Diff + "\nafter the first:\n" + run.Diff);
            var left = again.Last.Findings.Where(f => f.Fixes.Any(x => x.HasEdits)).Select(f => $"{f.Rule.Id} {f.Message}").ToList();
            Assert.True(left.Count == 0, "fixable findings left:\n" + string.Join("\n", left) + "\n" + run.Diff);
            // Line endings are the file's.
            var fixedText = File.ReadAllText(Path.Combine(dir.Path, ".github/workflows/gen.yml"));
            if (s.Crlf) Assert.DoesNotMatch("[^\r]\n", fixedText);
            else Assert.DoesNotContain("\r", fixedText);
        }, iter: 60, threads: 1);
    }
}
