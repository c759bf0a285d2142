using System.Text.RegularExpressions;
using ReleaseLint.Fixes;
using ReleaseLint.Inputs;
using ReleaseLint.Inputs.Workflows;
using ReleaseLint.Inputs.Yaml;

namespace ReleaseLint.Rules.Workflows;

/// <summary>RL1004: <c>uses:</c> not pinned to a full commit SHA.</summary>
public sealed partial class RL1004UnpinnedAction : WorkflowRule
{
    /// <summary>The rule's metadata.</summary>
    public static readonly RuleDescriptor Definition = new("RL1004", "unpinned-action",
        "Action not pinned to a commit SHA",
        "A 'uses:' reference to another repository's action or reusable workflow that is not pinned to a full 40-hex commit SHA. Tags and branches can be moved by whoever controls that repository, so the code that runs in your release pipeline can change without a commit of yours (as in the tj-actions/changed-files compromise). Owners listed in actions.allow-unpinned (by default GitHub's own actions/* and github/*) may use a version tag, never a branch. Local './' actions are fine; docker:// images must be pinned by digest.",
        Severity.Error, RuleCategory.Workflows, ["workflows", "security", "supply-chain"], securitySeverity: 7.5)
    {
        Reads = RuleInputs.Workflows | RuleInputs.Actions,
        Fix = new("pin to the full commit SHA the ref names now, the ref kept as a comment (`@<sha> # v4.2.2`); expand an abbreviated SHA; rewrite a stale version comment", "safe for tags and SHAs, unsafe for branches"),
    };

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Definition;

    /// <inheritdoc />
    protected override bool IncludesActions => true;

    /// <inheritdoc />
    protected override void CheckWorkflow(RuleContext context, WorkflowFile workflow)
    {
        foreach (var job in workflow.Jobs)
        {
            if (job.Uses is { } reusable) Check(context, reusable, WorkflowPlace.Of(job));
            foreach (var step in job.Steps)
                if (step.Uses is { } uses) Check(context, uses, WorkflowPlace.Of(job, step));
        }
    }

    /// <inheritdoc />
    protected override void CheckAction(RuleContext context, ActionFile action)
    {
        foreach (var step in action.Steps)
            if (step.Uses is { } uses) Check(context, uses, WorkflowPlace.Of(step));
    }

    private static void Check(RuleContext context, YamlScalar node, WorkflowPlace place)
    {
        var reference = ActionReference.Parse(node.Value);
        var where = place.Describe();
        FindingBuilder At() => context.At(node, node.Value.Trim()).In(place).Key(reference.Raw);
        switch (reference.Kind)
        {
            case ActionReferenceKind.Local or ActionReferenceKind.Invalid:
                return;
            case ActionReferenceKind.Docker:
                if (!reference.Ref.StartsWith("sha256:", StringComparison.Ordinal))
                    At().Report($"'{reference.Raw}' in {where} is a docker image without a digest; pin it as docker://{reference.Path.Split(':')[0]}@sha256:<digest>");
                return;
        }
        if (reference.IsPinnedToSha)
        {
            CheckPinComment(context, node.Source, node, reference, place, where);
            return;
        }
        var name = reference.OwnerRepo + (reference.Path.Length > 0 ? "/" + reference.Path : "");
        if (reference.Ref.Length == 0)
        {
            At().Report($"'{reference.Raw}' in {where} has no '@ref'; pin it to a full commit SHA: {name}@<40-hex sha>");
            return;
        }
        if (reference.IsShortSha)
        {
            At().Fix(PinFix(context, node.Source, node, reference))
                .Report($"'{reference.Raw}' in {where} uses an abbreviated SHA, which GitHub does not accept as a pin; use the full 40-hex commit SHA");
            return;
        }
        var allowed = context.Workspace.Facts<Policy.PolicyGlobs>().IsUnpinnedAllowed(reference.OwnerRepo);
        if (allowed && reference.IsVersionTag) return;
        var message = allowed
            ? $"'{reference.Raw}' in {where} uses '{reference.Ref}', which looks like a branch; {reference.Owner}/* may use version tags (actions.allow-unpinned), but not branches: pin a release tag or a full commit SHA"
            : $"'{reference.Raw}' in {where} is not pinned to a commit SHA; '{reference.Ref}' can be moved by the owner of {reference.OwnerRepo}: use {name}@<40-hex sha> # {reference.Ref}";
        At().Fix(PinFix(context, node.Source, node, reference)).Report(message);
    }

    /// <summary>
    /// Pins the reference to the commit its ref names now, keeping the ref as a comment (<c>@&lt;sha&gt; # v4</c>); an
    /// abbreviated SHA is expanded. Safe for a tag or a commit (the same code runs); unsafe for a branch, which the
    /// workflow then stops following. None when the ref cannot be resolved (no <c>--fix</c>, no answer from the API).
    /// </summary>
    private static IReadOnlyList<Fix>? PinFix(RuleContext context, SourceText source, YamlScalar node, ActionReference reference)
    {
        if (context.Workspace.CommitResolver is not { } resolver || node.Start.Line != node.End.Line) return null;
        if (YamlText.Trailing(source, node) is not { } trailing) return null;
        var refStart = RefOffset(source, node, reference);
        if (refStart < 0) return null;
        if (!CommentRef().IsMatch("# " + reference.Ref) || CommentRef().Match("# " + reference.Ref).Value.Length != reference.Ref.Length + 2) return null;
        var resolved = resolver.Resolve(reference.Owner, reference.Repo, reference.Ref);
        if (resolved is null || !ActionReference.Parse("o/r@" + resolved.Sha).IsPinnedToSha) return null;
        var edits = new List<TextEdit> { TextEdit.Replace(source, refStart, reference.Ref.Length, resolved.Sha) };
        if (resolved.Kind != GitRefKind.Commit)
            edits.Add(trailing.Text.Length == 0
                ? TextEdit.Insert(source, node.End.Offset, " # " + reference.Ref)
                : TextEdit.Insert(source, trailing.Offset, "# " + reference.Ref + " "));
        return resolved.Kind switch
        {
            GitRefKind.Tag => [Fix.WithEdits($"pin to commit {resolved.Sha[..12]}, which tag '{reference.Ref}' names now", FixSafety.Safe, edits)],
            GitRefKind.Branch => [Fix.WithEdits($"pin to commit {resolved.Sha[..12]}, the head of branch '{reference.Ref}' now (the workflow stops following the branch)", FixSafety.Unsafe, edits)],
            _ => [Fix.WithEdits($"write the full commit SHA {resolved.Sha}", FixSafety.Safe, edits)],
        };
    }

    /// <summary>Offset of the ref (after the last '@') in the source of <paramref name="node"/>; -1 when it is not there verbatim.</summary>
    private static int RefOffset(SourceText source, YamlScalar node, ActionReference reference)
    {
        var raw = source.Text[node.Start.Offset..Math.Min(node.End.Offset, source.Text.Length)];
        var at = raw.LastIndexOf("@" + reference.Ref, StringComparison.Ordinal);
        if (at < 0 || raw.IndexOf(reference.OwnerRepo, StringComparison.Ordinal) < 0) return -1;
        var after = raw[(at + 1 + reference.Ref.Length)..];
        if (after.Trim('\'', '"', ' ').Length > 0) return -1;
        return node.Start.Offset + at + 1;
    }

    [GeneratedRegex(@"^#\s*(?<ref>[A-Za-z0-9_][A-Za-z0-9._/+-]*)(?=\s|$)")]
    private static partial Regex CommentRef();

    /// <summary>
    /// With the API at hand (<c>--fix</c>, <c>--diff</c>): a SHA pin whose version comment names a tag that points at
    /// another commit (the SHA was updated and the comment not, or the tag moved). The fix rewrites the comment to the
    /// tag of the pinned commit when exactly one tag of the comment's shape points at it.
    /// </summary>
    private static void CheckPinComment(RuleContext context, SourceText source, YamlScalar node, ActionReference reference, WorkflowPlace place, string where)
    {
        if (context.Workspace.CommitResolver is not { } resolver || node.Start.Line != node.End.Line) return;
        if (YamlText.Trailing(source, node) is not { Text.Length: > 0 } comment) return;
        var m = CommentRef().Match(comment.Text);
        if (!m.Success) return;
        var named = m.Groups["ref"].Value;
        if (!ActionReference.Parse("o/r@" + named).IsVersionTag) return;
        var resolved = resolver.Resolve(reference.Owner, reference.Repo, named);
        if (resolved is not { Kind: GitRefKind.Tag } || resolved.Sha == reference.Ref || !ActionReference.Parse("o/r@" + resolved.Sha).IsPinnedToSha) return;
        var tags = (resolver.TagsAt(reference.Owner, reference.Repo, reference.Ref) ?? []).Where(t => CommentRef().Match("# " + t).Value.Length == t.Length + 2).ToList();
        var shape = Shape(named);
        var same = tags.Where(t => Shape(t) == shape).ToList();
        IReadOnlyList<Fix>? fixes = null;
        if (same.Count == 1)
        {
            var offset = comment.Offset + m.Groups["ref"].Index;
            fixes = [Fix.WithEdits($"write '# {same[0]}', the tag of the pinned commit", FixSafety.Safe, TextEdit.Replace(source, offset, named.Length, same[0]))];
        }
        var actual = tags.Count == 0 ? "no tag ReleaseLint read points at the pinned commit" : $"the pinned commit is tagged {string.Join(", ", tags.Take(5).Select(t => $"'{t}'"))}";
        context.At(node, node.Value.Trim()).In(place).Key("stale-comment", reference.Raw).Fix(fixes)
            .Report($"the comment '# {named}' of '{reference.Raw}' in {where} is stale: tag '{named}' of {reference.OwnerRepo} points at commit {resolved.Sha[..12]}, not at the pinned {reference.Ref[..12]}; {actual}");
    }

    /// <summary>The shape of a version tag: its prefix and how many numbers it has (<c>v4.1.0</c> → <c>v#.#.#</c>).</summary>
    private static string Shape(string tag) => Regex.Replace(tag, "[0-9]+", "#", RegexOptions.None, TimeSpan.FromMilliseconds(100));
}
