using ReleaseLint.Inputs;
using ReleaseLint.Inputs.Workflows;
using ReleaseLint.Inputs.Workflows.Expressions;
using ReleaseLint.Inputs.Yaml;

namespace ReleaseLint.Tests.Workflows;

public sealed class ExpressionTests
{
    /// <summary>Prints a tree in a compact, fully parenthesised form so that precedence is visible.</summary>
    private static string Show(ExpressionNode node) => node switch
    {
        LiteralNode l => l.Raw,
        ContextNode c => c.Name,
        PropertyNode p => Show(p.Target) + "." + p.Name,
        IndexNode i => Show(i.Target) + "[" + Show(i.Index) + "]",
        StarNode s => Show(s.Target) + ".*",
        CallNode c => c.Name + "(" + string.Join(", ", c.Arguments.Select(Show)) + ")",
        NotNode n => "!" + Show(n.Operand),
        BinaryNode b => "(" + Show(b.Left) + " " + b.OperatorText + " " + Show(b.Right) + ")",
        GroupNode g => Show(g.Inner),
        _ => "?",
    };

    [Theory]
    [InlineData("github.event.issue.title", "github.event.issue.title")]
    [InlineData("a && b || c", "((a && b) || c)")]
    [InlineData("a || b && c", "(a || (b && c))")]
    [InlineData("!a == b", "(!a == b)")]
    [InlineData("a == b && c != d", "((a == b) && (c != d))")]
    [InlineData("a < 1 == true", "((a < 1) == true)")]
    [InlineData("contains(github.event.pull_request.labels.*.name, 'safe')", "contains(github.event.pull_request.labels.*.name, 'safe')")]
    [InlineData("steps.my-step.outputs.x", "steps.my-step.outputs.x")]
    [InlineData("matrix['os'][0]", "matrix['os'][0]")]
    [InlineData("fromJSON(needs.a.outputs.m).x[*]", "fromJSON(needs.a.outputs.m).x.*")]
    [InlineData("format('{0}-{1}', -1.5e3, 0xff)", "format('{0}-{1}', -1.5e3, 0xff)")]
    [InlineData("'it''s'", "'it''s'")]
    [InlineData("(a || b) && c", "((a || b) && c)")]
    [InlineData("steps.true.outputs.null", "steps.true.outputs.null")]
    public void Parses_with_github_precedence(string text, string expected) =>
        Assert.Equal(expected, Show(ExpressionParser.Parse(text)));

    [Theory]
    [InlineData("", "empty expression")]
    [InlineData("a ==", "expected a value")]
    [InlineData("'open", "unterminated string")]
    [InlineData("a ? b : c", "unexpected character '?'")]
    [InlineData("f(a,", "expected a value")]
    [InlineData("a b", "unexpected 'b'")]
    [InlineData("a.", "expected a property name")]
    public void Rejects_invalid_syntax(string text, string message)
    {
        var e = Assert.Throws<ExpressionSyntaxException>(() => ExpressionParser.Parse(text));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Deep_nesting_is_an_error_not_a_stack_overflow()
    {
        var text = new string('(', 10_000) + "a" + new string(')', 10_000);
        Assert.Throws<ExpressionSyntaxException>(() => ExpressionParser.Parse(text));
    }

    [Fact]
    public void Context_paths_are_lower_case_with_stars_for_dynamic_indexes()
    {
        Assert.Equal("github.event.commits.*.message", ExpressionParser.Parse("github.event.commits[0].message").ContextPath());
        Assert.Equal("github.event.pull_request.title", ExpressionParser.Parse("GitHub.event['pull_request'].Title").ContextPath());
        Assert.Null(ExpressionParser.Parse("format('{0}', a)").ContextPath());
    }

    [Fact]
    public void Template_scanner_respects_braces_inside_strings()
    {
        var found = ExpressionTemplate.Scan("echo ${{ format('{{0}}', github.sha) }} and ${{ env.X }}");
        Assert.Equal(2, found.Count);
        Assert.Equal(" format('{{0}}', github.sha) ", found[0].Text);
        Assert.Equal("${{ env.X }}", found[1].Raw);
        Assert.All(found, f => Assert.NotNull(f.Node));
    }

    [Fact]
    public void Unterminated_template_is_reported_not_thrown()
    {
        var found = Assert.Single(ExpressionTemplate.Scan("echo ${{ github.sha "));
        Assert.Null(found.Node);
        Assert.False(found.IsTerminated);
    }

    [Theory]
    [InlineData("github.event.issue.title", ValueOrigin.AttackerControlled)]
    [InlineData("github.event.pull_request.body", ValueOrigin.AttackerControlled)]
    [InlineData("github.event.pull_request.head.ref", ValueOrigin.AttackerControlled)]
    [InlineData("github.event.pull_request.head.repo.default_branch", ValueOrigin.AttackerControlled)]
    [InlineData("github.event.commits.*.message", ValueOrigin.AttackerControlled)]
    [InlineData("github.event.head_commit.author.email", ValueOrigin.AttackerControlled)]
    [InlineData("github.event.workflow_run.head_branch", ValueOrigin.AttackerControlled)]
    [InlineData("github.head_ref", ValueOrigin.AttackerControlled)]
    [InlineData("github.event", ValueOrigin.AttackerControlled)]
    [InlineData("github.event.pull_request.number", ValueOrigin.Safe)]
    [InlineData("github.event.pull_request.head.sha", ValueOrigin.Safe)]
    [InlineData("github.event.pull_request.base.sha", ValueOrigin.Safe)]
    [InlineData("github.event.pull_request.base.ref", ValueOrigin.Safe)]
    [InlineData("github.event.pull_request.user.login", ValueOrigin.Safe)]
    [InlineData("github.event.pull_request.head.repo.full_name", ValueOrigin.Safe)]
    [InlineData("github.event.pull_request.html_url", ValueOrigin.Safe)]
    [InlineData("github.event.repository.default_branch", ValueOrigin.Safe)]
    [InlineData("github.event.workflow_run.conclusion", ValueOrigin.Safe)]
    [InlineData("github.event.issue.created_at", ValueOrigin.Safe)]
    [InlineData("github.sha", ValueOrigin.Safe)]
    [InlineData("github.ref_name", ValueOrigin.Safe)]
    [InlineData("github.actor", ValueOrigin.Safe)]
    [InlineData("secrets.token", ValueOrigin.Safe)]
    [InlineData("matrix.os", ValueOrigin.Safe)]
    [InlineData("env.title", ValueOrigin.Indirect)]
    [InlineData("inputs.name", ValueOrigin.Indirect)]
    public void Known_safe_list_classifies_contexts(string path, ValueOrigin expected) =>
        Assert.Equal(expected, KnownContexts.Classify(path));

    private static (WorkflowFile Workflow, ExpressionScope Scope) Scope(string yaml, string job = "j", int step = 0)
    {
        var wf = WorkflowFile.From(YamlFile.Parse(new SourceText(".github/workflows/x.yml", yaml)));
        var j = wf.Job(job)!;
        return (wf, ExpressionScope.ForWorkflow(wf, j, j.Steps[step]));
    }

    private static IReadOnlyList<UntrustedValue> Taint(string expression, ExpressionScope scope) =>
        ExpressionTaint.Find(ExpressionParser.Parse(expression), scope);

    [Theory]
    [InlineData("github.event_name == 'push' && 'main' || 'pr'")]
    [InlineData("contains(github.event.issue.title, 'bug')")]
    [InlineData("github.event.issue.title == 'x'")]
    [InlineData("!github.event.issue.title")]
    [InlineData("steps.build.outcome")]
    [InlineData("needs.build.result")]
    [InlineData("hashFiles('**/lock')")]
    [InlineData("github.event.issue.title && 'yes'")]
    public void Ternaries_of_literals_booleans_and_status_are_safe(string expression)
    {
        var (_, scope) = Scope("on: push\njobs:\n  j:\n    runs-on: x\n    steps:\n      - run: echo\n");
        Assert.Empty(Taint(expression, scope));
    }

    [Theory]
    [InlineData("github.event.issue.title", "github.event.issue.title")]
    [InlineData("github.event_name == 'push' && github.head_ref || 'x'", "github.head_ref")]
    [InlineData("format('{0}', github.event.comment.body)", "github.event.comment.body")]
    [InlineData("toJSON(github.event.pull_request)", "github.event.pull_request")]
    [InlineData("join(github.event.commits.*.message, ' ')", "github.event.commits.*.message")]
    public void Attacker_text_reaching_the_result_is_found(string expression, string source)
    {
        var (_, scope) = Scope("on: push\njobs:\n  j:\n    runs-on: x\n    steps:\n      - run: echo\n");
        var found = Assert.Single(Taint(expression, scope));
        Assert.Equal(source, found.Source);
        Assert.Equal(ValueOrigin.AttackerControlled, found.Origin);
    }

    [Fact]
    public void Env_step_outputs_and_job_outputs_are_followed()
    {
        const string yaml = """
            on: issues
            env:
              TITLE: ${{ github.event.issue.title }}
            jobs:
              a:
                runs-on: x
                outputs:
                  branch: ${{ steps.names.outputs.head_ref_branch }}
                steps:
                  - id: names
                    uses: tj-actions/branch-names@v8
              j:
                runs-on: x
                needs: a
                steps:
                  - id: copy
                    run: echo "t=$T" >> "$GITHUB_OUTPUT"
                    env:
                      T: ${{ env.TITLE }}
                  - id: quiet
                    run: echo ${{ github.event.issue.title }}
                  - run: echo
            """;
        var (_, scope) = Scope(yaml, "j", 2);
        Assert.Equal("github.event.issue.title", Assert.Single(Taint("env.TITLE", scope)).Source);
        var viaStep = Assert.Single(Taint("steps.copy.outputs.t", scope));
        Assert.Equal("steps.copy.outputs.t ← env.TITLE ← github.event.issue.title", viaStep.Via);
        Assert.Contains("tj-actions/branch-names", Assert.Single(Taint("needs.a.outputs.branch", scope)).Source);
        // A run: step that writes no $GITHUB_OUTPUT has no outputs to carry anything.
        Assert.Empty(Taint("steps.quiet.outputs.t", scope));
    }

    [Fact]
    public void Typed_inputs_are_safe_and_string_inputs_are_caller_controlled()
    {
        const string yaml = """
            on:
              workflow_dispatch:
                inputs:
                  dry-run: { type: boolean }
                  target: { type: choice, options: [a, b] }
                  note: { type: string }
            jobs:
              j:
                runs-on: x
                steps:
                  - run: echo
            """;
        var (_, scope) = Scope(yaml);
        Assert.Empty(Taint("inputs.dry-run", scope));
        Assert.Empty(Taint("github.event.inputs.target", scope));
        Assert.Equal(ValueOrigin.CallerControlled, Assert.Single(Taint("inputs.note", scope)).Origin);
    }

    [Theory]
    [InlineData("github.ref == 'refs/heads/live'", true)]
    [InlineData("${{ github.ref_name == 'live' }}", true)]
    [InlineData("'refs/heads/LIVE' == github.ref", true)]
    [InlineData("github.event_name == 'push' && github.ref == 'refs/heads/live'", true)]
    [InlineData("github.ref == 'refs/heads/live' || github.ref == 'refs/heads/main'", false)]
    [InlineData("github.ref == 'refs/heads/main'", false)]
    [InlineData("github.ref != 'refs/heads/live'", false)]
    [InlineData("always()", false)]
    [InlineData("${{ github.ref }} == 'refs/heads/live'", false)]
    public void Release_branch_guard_must_be_required_by_the_condition(string condition, bool guards)
    {
        var yaml = YamlFile.Parse(new SourceText("x.yml", "if: \"" + condition.Replace("\"", "\\\"") + "\"\n"));
        var node = ((YamlMapping)yaml.Root!)["if"] as YamlScalar;
        Assert.Equal(guards, ReleaseBranchGuard.IsGuard(node, "live"));
    }
}
