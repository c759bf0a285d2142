using System.Collections.Frozen;
using System.Text.RegularExpressions;
using ReleaseLint.Inputs;
using ReleaseLint.Inputs.Workflows;
using ReleaseLint.Inputs.Workflows.Deploys;
using ReleaseLint.Inputs.Workflows.Expressions;
using ReleaseLint.Inputs.Yaml;

namespace ReleaseLint.Rules.Workflows;

/// <summary>RL1003: a deploy ships a mutable image reference.</summary>
public sealed partial class RL1003MutableDeployImage : WorkflowRule
{
    /// <summary>The rule's metadata.</summary>
    public static readonly RuleDescriptor Definition = new("RL1003", "mutable-deploy-image",
        "Deploy ships a mutable image reference",
        "A deploy step ships an image by a mutable reference: ':latest', a branch name (':main', ':live', ${{ github.ref_name }} on branch pushes), or no tag at all (which means :latest), through 'flyctl deploy --image', the args of superfly/flyctl-actions, the [build] image of the fly.toml it deploys, 'gcloud run deploy --image', 'kubectl set image' or helm's '--set image.tag='. What production runs can then change without a deploy, and a rollback cannot name what ran. Deploy a commit SHA tag (ghcr.io/<repo>/backend:${{ github.sha }}), a release tag or a @sha256 digest.",
        Severity.Error, RuleCategory.Workflows, ["workflows", "release-policy", "deploy", "supply-chain"], securitySeverity: 5.5)
    {
        Reads = RuleInputs.Workflows,
        ExtraFiles = ["fly.toml"], // the image a flyctl deploy without --image ships
    };

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Definition;

    // One shell word of a flag's value: quoted, or unquoted, where it may hold ${{ … }} with spaces inside
    // (--image registry.fly.io/app:${{ github.ref_name }}-${{ github.sha }}).
    private const string ShellWord = @"""[^""]*""|'[^']*'|(?:\$\{\{[^}]{0,200}\}\}|[^\s;&|])+";

    [GeneratedRegex(@"(?:^|\s)(?:--image|-i)(?:=|\s+)(?<image>" + ShellWord + ")", RegexOptions.CultureInvariant)]
    private static partial Regex ImageFlag();

    /// <summary>A reference to the commit being built (a tag that holds it is immutable, whatever else it holds).</summary>
    [GeneratedRegex(@"\$\{?GITHUB_SHA\b", RegexOptions.CultureInvariant)]
    private static partial Regex ShellCommitSha();

    [GeneratedRegex(@"(?:^|\s)(?:--config|-c)(?:=|\s+)(?<config>""[^""]*""|'[^']*'|[^\s;&|]+)", RegexOptions.CultureInvariant)]
    private static partial Regex ConfigFlag();

    [GeneratedRegex(@"^\s*image\s*=\s*[""'](?<image>[^""']+)[""']", RegexOptions.CultureInvariant | RegexOptions.Multiline)]
    private static partial Regex TomlImage();

    [GeneratedRegex(@"\$(?:\{(?<name>[A-Za-z_][A-Za-z0-9_]*)\}|(?<name>[A-Za-z_][A-Za-z0-9_]*))")]
    private static partial Regex ShellVariable();

    /// <summary>Tags that name branches or channels and so move.</summary>
    private static readonly FrozenSet<string> MovingTags = FrozenSet.Create(StringComparer.OrdinalIgnoreCase,
    [
        "latest", "main", "master", "live", "develop", "dev", "development", "staging", "stage", "production", "prod", "stable",
        "edge", "nightly", "release", "trunk", "head", "canary", "next", "beta", "alpha", "current",
    ]);

    private static readonly FrozenSet<string> CommitContexts = FrozenSet.Create(StringComparer.Ordinal,
    [
        "github.sha", "github.event.pull_request.head.sha", "github.event.workflow_run.head_sha", "github.event.after",
    ]);

    private static readonly FrozenSet<string> BranchContexts = FrozenSet.Create(StringComparer.Ordinal,
    [
        "github.ref_name", "github.head_ref", "github.base_ref", "github.ref", "github.event.workflow_run.head_branch",
    ]);

    /// <inheritdoc />
    protected override void CheckWorkflow(RuleContext context, WorkflowFile workflow)
    {
        if (DeployDetection.Find(context.Workspace, workflow) is not { } deploy) return;
        var onlyTags = workflow.Events.Count > 0 && workflow.Events.All(e => e.Name == "push" && e.Branches is null && e.BranchesIgnore is null && (e.Tags ?? e.TagsIgnore) is not null || e.Name == "release");
        foreach (var job in deploy.Jobs)
            foreach (var step in job.Steps.SelectMany(s => s.Signals).Where(s => s.Kind is "fly" or "cloud" or "kubernetes" && s.Target == DeployTarget.Production && s.Via.Count == 0))
            {
                if (step.Command is not { } command) continue;
                var place = WorkflowPlace.Of(job.Job, step.Step);
                var where = "deploy " + place.Describe();
                var scope = ExpressionScope.ForWorkflow(workflow, job.Job, step.Step);
                if (step.Kind != "fly")
                {
                    foreach (var (written, image, helmTag) in ClusterImages(step.CommandLine ?? command))
                    {
                        var resolved = Substitute(image, scope);
                        if (Judge(resolved, context, onlyTags) is not { } problem) continue;
                        var shown = resolved == image ? $"'{written}'" : $"'{written}' ('{resolved}')";
                        var instead = helmTag ? "image.tag=${{ github.sha }}, a release tag or the image's @sha256 digest" : Suggest(resolved);
                        context.At(step.Evidence, written).In(place).Key(written)
                            .Report($"{where} ships {shown}, {problem}; deploy an immutable reference instead: {instead}");
                    }
                    continue;
                }
                if (ImageFlag().Match(command) is { Success: true } m)
                {
                    var image = Unquote(m.Groups["image"].Value);
                    var resolved = Substitute(image, scope);
                    var shown = resolved == image ? $"'{image}'" : $"'{image}' ('{resolved}')";
                    if (Judge(resolved, context, onlyTags) is { } problem)
                        context.At(step.Evidence, image).In(place).Key(image)
                            .Report($"{where} ships {shown}, {problem}; deploy an immutable reference instead: {Suggest(resolved)}");
                    continue;
                }
                // No --image: flyctl builds or deploys what fly.toml says; a [build] image there is what ships.
                var configPath = ConfigFlag().Match(command) is { Success: true } c ? Unquote(c.Groups["config"].Value) : "fly.toml";
                var workingDirectory = step.Step.Node.GetString("working-directory") ?? ((job.Job.Node?["defaults"] as YamlMapping)?["run"] as YamlMapping)?.GetString("working-directory");
                var path = Combine(workingDirectory, configPath);
                if (path is null || !context.Workspace.Files.Contains(path) || context.Workspace.ReadText(path) is not { } toml) continue;
                if (TomlImage().Match(toml.Text) is not { Success: true } t) continue;
                var tomlImage = t.Groups["image"].Value;
                if (Judge(tomlImage, context, onlyTags) is not { } tomlProblem) continue;
                var (line, col) = toml.Position(t.Groups["image"].Index);
                context.At(step.Location).In(place).Key(path, tomlImage).Related(toml.At(line, col, tomlImage.Length), "the image fly.toml deploys")
                    .Report($"{where} deploys the [build] image of {path}, '{tomlImage}', {tomlProblem}; pass an immutable reference with --image (e.g. {Suggest(tomlImage)}) or pin it in {path}");
            }
    }

    [GeneratedRegex(@"\bgcloud\b[^\n;&|]*?\srun\s+(?:deploy|services\s+(?:update|replace)|jobs\s+(?:deploy|update|create))\b", RegexOptions.CultureInvariant)]
    private static partial Regex CloudRunDeploy();

    [GeneratedRegex(@"\bkubectl\b[^\n;&|]*?\sset\s+image\b(?<rest>[^\n;&|]*)", RegexOptions.CultureInvariant)]
    private static partial Regex KubectlSetImage();

    /// <summary>A <c>container=image</c> pair of <c>kubectl set image</c> (flags start with '-', so they never match).</summary>
    [GeneratedRegex(@"(?:^|\s)[A-Za-z0-9_*][A-Za-z0-9_.*-]*=(?<image>" + ShellWord + ")", RegexOptions.CultureInvariant)]
    private static partial Regex ContainerImagePair();

    [GeneratedRegex(@"\bhelm(?:file)?\b[^\n;&|]*?\s(?:upgrade|install)\b", RegexOptions.CultureInvariant)]
    private static partial Regex HelmInstall();

    [GeneratedRegex(@"(?:^|\s)--set(?:-string)?(?:=|\s+)(?<sets>" + ShellWord + ")", RegexOptions.CultureInvariant)]
    private static partial Regex HelmSet();

    /// <summary>
    /// The images a cluster or Cloud Run deploy command names: <c>gcloud run deploy --image X</c>, the <c>container=X</c>
    /// pairs of <c>kubectl set image</c>, and <c>--set image.tag=X</c> of <c>helm upgrade/install</c> (judged as the tag
    /// of an image). Each with the text as written (to point at) and the reference to judge.
    /// </summary>
    private static IEnumerable<(string Written, string Image, bool HelmTag)> ClusterImages(string line)
    {
        if (CloudRunDeploy().IsMatch(line) && ImageFlag().Match(line) is { Success: true } flag)
            yield return (Unquote(flag.Groups["image"].Value), Unquote(flag.Groups["image"].Value), false);
        if (KubectlSetImage().Match(line) is { Success: true } set)
            foreach (Match pair in ContainerImagePair().Matches(set.Groups["rest"].Value))
                yield return (Unquote(pair.Groups["image"].Value), Unquote(pair.Groups["image"].Value), false);
        if (HelmInstall().IsMatch(line))
            foreach (Match s in HelmSet().Matches(line))
                foreach (var item in Unquote(s.Groups["sets"].Value).Split(','))
                {
                    var eq = item.IndexOf('=');
                    if (eq <= 0) continue;
                    var key = item[..eq].Trim();
                    if (key == "image.tag" || key.EndsWith(".image.tag", StringComparison.Ordinal))
                        yield return (item.Trim(), "image:" + item[(eq + 1)..].Trim(), true);
                }
    }

    private static string? Combine(string? directory, string path)
    {
        if (path.Contains("${{", StringComparison.Ordinal) || path.StartsWith('$')) return null;
        var joined = directory is null || path.StartsWith('/') ? path : directory.TrimEnd('/') + "/" + path;
        var parts = new List<string>();
        foreach (var part in joined.TrimStart('/').Split('/'))
        {
            if (part is "" or ".") continue;
            if (part == "..") { if (parts.Count == 0) return null; parts.RemoveAt(parts.Count - 1); continue; }
            parts.Add(part);
        }
        return string.Join('/', parts);
    }

    private static string Unquote(string value) => value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0] ? value[1..^1] : value;

    /// <summary>Replaces variables that env: sets to plain text (<c>$IMAGE</c>, <c>${IMAGE}</c>).</summary>
    private static string Substitute(string image, ExpressionScope scope)
    {
        for (var depth = 0; depth < 3; depth++)
        {
            var changed = false;
            image = ShellVariable().Replace(image, v =>
            {
                if (scope.FindEnv(v.Groups["name"].Value) is { } env && !env.Value.Value.Contains('$'))
                {
                    changed = true;
                    return env.Value.Value;
                }
                return v.Value;
            });
            if (!changed) break;
        }
        return image;
    }

    /// <summary>Why the image reference is mutable, or null when it is immutable or cannot be judged.</summary>
    private static string? Judge(string image, RuleContext context, bool onlyTags)
    {
        // A tag that holds the commit SHA names one build, even when it also holds the branch (main-${{ github.sha }}).
        if (ShellCommitSha().IsMatch(image)) return null;
        foreach (Match v in ShellVariable().Matches(image))
        {
            var name = v.Groups["name"].Value;
            if (name is "GITHUB_REF_NAME" or "GITHUB_HEAD_REF" or "GITHUB_BASE_REF" or "GITHUB_REF" && !onlyTags && image.LastIndexOf(':') is var c && c >= 0 && c < v.Index)
                return $"tagged with the branch name (${name}), which moves with every push";
        }
        if (image.Contains("@sha256:", StringComparison.Ordinal)) return null;
        var lastSlash = image.LastIndexOf('/');
        var colon = image.IndexOf(':', lastSlash + 1);
        // A ':' inside ${{ }} or ${VAR:-x} is not a tag separator.
        if (colon >= 0 && (image.LastIndexOf("${", colon, StringComparison.Ordinal) > image.LastIndexOf('}', colon))) colon = -1;
        if (colon < 0)
        {
            if (image.Contains('$')) return null; // the tag may come from a variable
            return "which has no tag and so means ':latest', whatever was pushed last";
        }
        var tag = image[(colon + 1)..];
        if (tag.Length == 0) return "which has an empty tag";
        var expressions = ExpressionTemplate.Scan(tag);
        if (expressions.Count > 0)
        {
            if (expressions.Any(e => e.Node is not null && e.Node.DescendantsAndSelf().Any(n => n.ContextPath() is { } p && CommitContexts.Contains(p))))
                return null;
            foreach (var e in expressions)
            {
                if (e.Node is null) return null;
                var paths = e.Node.DescendantsAndSelf().Select(n => n.ContextPath()).Where(p => p is not null).ToList();
                if (!onlyTags && paths.FirstOrDefault(p => BranchContexts.Contains(p!)) is { } branch)
                    return $"tagged with the branch name (${{{{ {branch} }}}}), which moves with every push";
            }
            return null;
        }
        if (tag.Contains('$')) return null;
        if (tag.Equals("latest", StringComparison.OrdinalIgnoreCase)) return "a mutable tag that points at whatever was pushed last";
        if (MovingTags.Contains(tag) || tag.Equals(context.Policy.ReleaseBranch, StringComparison.OrdinalIgnoreCase) || tag.Equals(context.Policy.IntegrationBranch, StringComparison.OrdinalIgnoreCase))
            return $"tagged with the branch or channel name '{tag}', which moves with every push";
        return null;
    }

    private static string Suggest(string image)
    {
        var lastSlash = image.LastIndexOf('/');
        var colon = image.IndexOf(':', lastSlash + 1);
        var repository = colon < 0 ? image : image[..colon];
        if (repository.Contains("${{", StringComparison.Ordinal) && !repository.Contains("}}", StringComparison.Ordinal)) repository = image;
        return $"{repository}:${{{{ github.sha }}}}, a release tag or {repository}@sha256:<digest>";
    }
}
