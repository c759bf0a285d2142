namespace ReleaseLint.Tests;

/// <summary>Rules that misbehave on purpose, to test isolation (RL0003). Fixtures name them in a <c>&lt;case&gt;.rules</c> file.</summary>
public static class TestRules
{
    /// <summary>The test rules by the name fixtures use.</summary>
    public static Rule? ByName(string name) => name.Trim() switch
    {
        "throwing" => new ThrowingRule(),
        "throwing-per-file" => new ThrowingPerFileRule(),
        "slow" => new SlowRule(),
        _ => null,
    };

    /// <summary>Throws from its check.</summary>
    public sealed class ThrowingRule : Rule
    {
        /// <summary>Metadata.</summary>
        public static readonly RuleDescriptor Definition = new("RLT001", "test-throwing", "Test rule that throws", "Throws to exercise RL0003.", Severity.Error, RuleCategory.Custom);
        /// <inheritdoc />
        public override RuleDescriptor Descriptor => Definition;
        /// <inheritdoc />
        public override void Check(RuleContext context) => throw new InvalidOperationException("deliberate failure for the test");
    }

    /// <summary>Throws on workflows named <c>boom.yml</c> only, reporting on the others.</summary>
    public sealed class ThrowingPerFileRule : WorkflowRule
    {
        /// <summary>Metadata.</summary>
        public static readonly RuleDescriptor Definition = new("RLT002", "test-throwing-per-file", "Test rule that throws on one file", "Throws on boom.yml.", Severity.Warning, RuleCategory.Custom);
        /// <inheritdoc />
        public override RuleDescriptor Descriptor => Definition;
        /// <inheritdoc />
        protected override void CheckWorkflow(RuleContext context, Inputs.Workflows.WorkflowFile workflow)
        {
            if (workflow.Path.EndsWith("boom.yml", StringComparison.Ordinal)) throw new FormatException("boom");
            context.Report(workflow.Source.At(1, 1), "saw " + workflow.Path);
        }
    }

    /// <summary>Runs until cancelled (or for a minute), to exercise the time-out.</summary>
    public sealed class SlowRule : Rule
    {
        /// <summary>Metadata.</summary>
        public static readonly RuleDescriptor Definition = new("RLT003", "test-slow", "Test rule that never finishes", "Sleeps past the time-out.", Severity.Error, RuleCategory.Custom);
        /// <inheritdoc />
        public override RuleDescriptor Descriptor => Definition;
        /// <inheritdoc />
        public override void Check(RuleContext context)
        {
            context.CancellationToken.WaitHandle.WaitOne(TimeSpan.FromSeconds(60));
            context.Report(context.Workspace.FallbackLocation(), "finished late");
        }
    }
}
