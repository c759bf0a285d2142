using ReleaseLint.Inputs.Markdown;
using ReleaseLint.Inputs.Workflows;

namespace ReleaseLint;

/// <summary>
/// A rule: metadata plus one check over the workspace. Built-in and custom rules derive from this (or from
/// <see cref="WorkflowRule"/> / <see cref="MarkdownRule"/>) and report through the <see cref="RuleContext"/>.
/// Rules run in parallel, so a rule must not keep mutable state between checks.
/// </summary>
public abstract class Rule
{
    /// <summary>The rule's metadata, declared once.</summary>
    public abstract RuleDescriptor Descriptor { get; }

    /// <summary>Checks the workspace and reports findings through <paramref name="context"/>.</summary>
    public abstract void Check(RuleContext context);
}

/// <summary>A rule over workflow files (and, when <see cref="IncludesActions"/>, composite actions). Each file is isolated: an exception in one becomes RL0003 for that file only.</summary>
public abstract class WorkflowRule : Rule
{
    /// <summary>Whether <see cref="CheckAction"/> runs on <c>action.yml</c> files too.</summary>
    protected virtual bool IncludesActions => false;

    /// <inheritdoc />
    public sealed override void Check(RuleContext context)
    {
        foreach (var workflow in context.Workspace.Workflows)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            context.Isolate(workflow.Path, () => CheckWorkflow(context, workflow));
        }
        if (!IncludesActions) return;
        foreach (var action in context.Workspace.Actions)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            context.Isolate(action.Path, () => CheckAction(context, action));
        }
    }

    /// <summary>Checks one workflow.</summary>
    protected abstract void CheckWorkflow(RuleContext context, WorkflowFile workflow);

    /// <summary>Checks one action metadata file (only when <see cref="IncludesActions"/>).</summary>
    protected virtual void CheckAction(RuleContext context, ActionFile action) { }
}

/// <summary>A rule over the linted markdown documents, one document at a time.</summary>
public abstract class MarkdownRule : Rule
{
    /// <inheritdoc />
    public sealed override void Check(RuleContext context)
    {
        foreach (var document in context.Workspace.Markdown)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            context.Isolate(document.Path, () => CheckDocument(context, document));
        }
    }

    /// <summary>Checks one markdown document.</summary>
    protected abstract void CheckDocument(RuleContext context, MarkdownDocument document);
}
