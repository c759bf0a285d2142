using ReleaseLint.Inputs.Json;

namespace ReleaseLint.Inputs.Protection;

/// <summary>A protection source that cannot be read, or a setting in it that makes no sense (reported as RL2001).</summary>
/// <param name="Message">What is wrong and what was tried; lower-case start.</param>
/// <param name="Location">The file, line and column; null for live API problems (the finding then points at the policy).</param>
/// <param name="FingerprintKey">Logical place plus offending text.</param>
/// <param name="Branch">The branch concerned, when there is one.</param>
public sealed record ProtectionProblem(string Message, SourceLocation? Location, string FingerprintKey, string? Branch = null);

/// <summary>
/// Reads the three file shapes (and the same shapes from the API) into <see cref="ProtectionLayer"/>s: classic
/// protection in the REST GET shape (<c>{"enabled": bool}</c> objects) and in the PUT / Probot <c>settings.yml</c> shape
/// (bare booleans), and rulesets in the REST shape. Settings with a wrong type are reported and left out; the rest is kept.
/// </summary>
public sealed class ProtectionReader(ProtectionOrigin origin, List<ProtectionProblem> problems)
{
    /// <summary>
    /// Reads classic protection of <paramref name="branch"/>. Returns null with <paramref name="notProtected"/> set when the
    /// data says the branch is not protected (a saved 404 body <c>{"message": "Branch not protected"}</c>, or
    /// <c>protection: null</c> in <c>settings.yml</c>).
    /// </summary>
    public ProtectionLayer? ReadClassic(DataNode? root, string branch, SourceLocation? layerLocation, out Located<string>? notProtected)
    {
        notProtected = null;
        if (root is DataValue { Kind: DataKind.Null } nul)
        {
            notProtected = new Located<string>("protection is null", nul.Location);
            return null;
        }
        if (root is not DataObject obj)
        {
            Problem($"classic protection of '{branch}' must be an object (the REST 'branch protection' shape), not {root?.Describe() ?? "nothing"}", root?.Location ?? layerLocation, branch, "shape");
            return null;
        }
        if (obj.GetString("message") is { } message && obj["required_status_checks"] is null && obj["required_pull_request_reviews"] is null && obj["enforce_admins"] is null)
        {
            if (message.Equals("Branch not protected", StringComparison.OrdinalIgnoreCase) || message.Equals("Branch not found", StringComparison.OrdinalIgnoreCase))
            {
                notProtected = new Located<string>(message, obj.Find("message")!.Value.Location);
                return null;
            }
            Problem($"this is a GitHub error response ('{message}'), not branch protection of '{branch}'; export it again with a token that has admin rights", obj.Find("message")!.Value.Location, branch, "error-body");
            return null;
        }

        Located<bool>? pullRequest = null, dismiss = null, codeOwners = null, statusChecks = null, strict = null;
        Located<int>? approvals = null;
        var checks = new List<RequiredCheck>();
        var bypass = new List<BypassActor>();
        SourceLocation? bypassLocation = null;

        if (Section(obj, "required_pull_request_reviews", branch, out pullRequest) is { } r)
        {
            approvals = Int(r, "required_approving_review_count", branch);
            dismiss = Bool(r, "dismiss_stale_reviews", branch);
            codeOwners = Bool(r, "require_code_owner_reviews", branch);
            if (r.Find("bypass_pull_request_allowances") is { Value: DataObject allowances } allowEntry)
            {
                bypassLocation = allowEntry.KeyLocation;
                foreach (var (key, type) in new[] { ("users", "User"), ("teams", "Team"), ("apps", "App") })
                    if (allowances[key] is DataArray list)
                        foreach (var item in list.Items)
                        {
                            var name = item switch
                            {
                                DataValue { Kind: DataKind.String } s => s.Text,
                                DataObject o => o.GetString("login") ?? o.GetString("slug") ?? o.GetString("name"),
                                _ => null,
                            };
                            bypass.Add(new BypassActor(type, (item as DataObject)?["id"] is DataValue idv ? idv.AsLong : null, name, "pull_request", item.Location));
                        }
            }
        }

        if (Section(obj, "required_status_checks", branch, out statusChecks) is { } status)
        {
            strict = Bool(status, "strict", branch);
            ReadChecks(status, "checks", "app_id", "contexts", checks, branch);
        }

        var enforceAdmins = Bool(obj, "enforce_admins", branch);
        // Absent from a PUT-shape file means GitHub's default: force pushes and deletions are blocked on a protected branch.
        var forcePushes = Bool(obj, "allow_force_pushes", branch) ?? new Located<bool>(false, layerLocation);
        var deletions = Bool(obj, "allow_deletions", branch) ?? new Located<bool>(false, layerLocation);

        return new ProtectionLayer
        {
            Kind = ProtectionLayerKind.Classic,
            Name = "classic branch protection",
            Origin = origin,
            Location = layerLocation,
            RulesLocation = layerLocation,
            Branch = branch,
            PullRequest = pullRequest,
            Approvals = approvals,
            DismissStaleReviews = dismiss,
            CodeOwnerReviews = codeOwners,
            StatusChecks = statusChecks,
            Checks = checks,
            Strict = strict,
            ForcePushesAllowed = forcePushes,
            DeletionsAllowed = deletions,
            EnforceAdmins = enforceAdmins,
            Bypass = bypass,
            BypassLocation = bypassLocation,
        };
    }

    /// <summary>Reads one ruleset in the REST shape (<c>GET /repos/{o}/{r}/rulesets/{id}</c>, or the UI's "Export ruleset" file); null when it is not an object.</summary>
    public ProtectionLayer? ReadRuleset(DataNode node)
    {
        if (node is not DataObject obj)
        {
            Problem($"a ruleset must be an object with 'name', 'target', 'enforcement', 'conditions' and 'rules', not {node.Describe()}", node.Location, null, "shape");
            return null;
        }
        if (!origin.IsLive && obj.Find("rules") is null && obj.Find("conditions") is null && obj.Find("_links") is not null)
        {
            Problem($"ruleset '{obj.GetString("name") ?? "?"}' is an item of the ruleset list, without its conditions and rules; export each ruleset with 'gh api repos/OWNER/REPO/rulesets/{(obj["id"] as DataValue)?.Text ?? "ID"}'", obj.Location, null, "list-item");
            return null;
        }
        var nameEntry = obj.Find("name");
        var name = obj.GetString("name") ?? (obj["id"] is DataValue { AsLong: { } id } ? "#" + id : "(unnamed)");
        var layerName = $"ruleset '{name}'";
        var location = nameEntry?.Value.Location ?? obj.Location;

        var target = RulesetTarget.Branch;
        if (obj.Find("target") is { } targetEntry)
        {
            switch ((targetEntry.Value as DataValue)?.Text)
            {
                case "branch": break;
                case "tag": target = RulesetTarget.Tag; break;
                case "push": target = RulesetTarget.Push; break;
                default:
                    Problem($"{layerName} has target {targetEntry.Value.Describe()}; expected 'branch', 'tag' or 'push'", targetEntry.Value.Location, null, layerName + "|target");
                    return null;
            }
        }

        Located<RulesetEnforcement> enforcement;
        var enforcementEntry = obj.Find("enforcement");
        switch ((enforcementEntry?.Value as DataValue)?.Text)
        {
            case "active": enforcement = new(RulesetEnforcement.Active, enforcementEntry!.Value.Location); break;
            case "evaluate": enforcement = new(RulesetEnforcement.Evaluate, enforcementEntry!.Value.Location); break;
            case "disabled": enforcement = new(RulesetEnforcement.Disabled, enforcementEntry!.Value.Location); break;
            default:
                var text = (enforcementEntry?.Value as DataValue)?.Text;
                var close = text?.ToLowerInvariant() switch
                {
                    "enabled" or "enforced" or "on" or "true" or "enable" => "active",
                    "off" or "false" or "disable" => "disabled",
                    "evaluation" or "test" or "dry-run" => "evaluate",
                    null => null,
                    var other => Suggestions.Closest(["active", "evaluate", "disabled"], other, 2),
                };
                Problem(enforcementEntry is null
                        ? $"{layerName} has no 'enforcement'; expected 'active', 'evaluate' or 'disabled', so it is not counted as protection"
                        : $"{layerName} has enforcement {(enforcementEntry.Value is DataValue { Kind: DataKind.String } ? $"'{text}'" : enforcementEntry.Value.Describe())}; expected 'active', 'evaluate' or 'disabled'{(close is not null ? $" (did you mean '{close}'?)" : "")}, so it is not counted as protection",
                    enforcementEntry?.Value.Location ?? location, null, layerName + "|enforcement");
                enforcement = new(RulesetEnforcement.Disabled, enforcementEntry?.Value.Location ?? location);
                break;
        }

        var include = new List<Located<string>>();
        var exclude = new List<Located<string>>();
        var conditions = obj.Find("conditions");
        if (conditions?.Value is DataObject cond && cond["ref_name"] is DataObject refName)
        {
            ReadPatterns(refName, "include", include, layerName);
            ReadPatterns(refName, "exclude", exclude, layerName);
        }
        else if (conditions?.Value is DataObject { } c2 && c2.Find("ref_name") is { Value: not DataValue { Kind: DataKind.Null } } badRef)
            Problem($"{layerName} has 'conditions.ref_name' {badRef.Value.Describe()}; expected an object with 'include' and 'exclude' lists", badRef.Value.Location, null, layerName + "|ref_name");

        var rulesEntry = obj.Find("rules");
        var rules = new List<DataObject>();
        if (rulesEntry?.Value is DataArray ruleList)
        {
            foreach (var item in ruleList.Items)
                if (item is DataObject r && r.GetString("type") is not null) rules.Add(r);
                else Problem($"{layerName} has a rule that is {item.Describe()}; each rule is an object with a 'type'", item.Location, null, layerName + "|rule");
        }
        else if (rulesEntry is not null && rulesEntry.Value is not DataValue { Kind: DataKind.Null })
            Problem($"{layerName} has 'rules' {rulesEntry.Value.Describe()}; expected a list of rules", rulesEntry.Value.Location, null, layerName + "|rules");

        var bypass = new List<BypassActor>();
        var bypassEntry = obj.Find("bypass_actors");
        if (bypassEntry?.Value is DataArray actors)
        {
            foreach (var actor in actors.Items.OfType<DataObject>())
                bypass.Add(new BypassActor(actor.GetString("actor_type") ?? "actor", (actor["actor_id"] as DataValue)?.AsLong, null,
                    actor.GetString("bypass_mode") ?? "always", actor.Location));
        }

        return FromRules(rules, layerName, name) with
        {
            Location = location,
            RulesetId = (obj["id"] as DataValue)?.AsLong,
            Target = target,
            Enforcement = enforcement,
            Include = include,
            Exclude = exclude,
            ConditionsLocation = conditions?.KeyLocation,
            RulesLocation = rulesEntry?.KeyLocation ?? location,
            Bypass = bypass,
            BypassLocation = bypassEntry?.KeyLocation,
        };
    }

    /// <summary>
    /// Builds a layer from rules of <c>GET /repos/{o}/{r}/rules/branches/{b}</c> (the active rules applying to a branch,
    /// grouped by ruleset), for rulesets whose own definition could not be read.
    /// </summary>
    public ProtectionLayer FromBranchRules(IReadOnlyList<DataObject> rules, long? rulesetId, string branch)
    {
        var name = rulesetId is null ? "active rules" : $"ruleset #{rulesetId}";
        return FromRules(rules, name, name) with
        {
            RulesetId = rulesetId,
            Include = [new Located<string>("refs/heads/" + branch, null)],
        };
    }

    private ProtectionLayer FromRules(IReadOnlyList<DataObject> rules, string layerName, string name)
    {
        Located<bool>? pullRequest = null, dismiss = null, codeOwners = null, statusChecks = null, strict = null, forcePush = null, deletion = null, update = null;
        Located<int>? approvals = null;
        var checks = new List<RequiredCheck>();
        var patterns = new List<NamePattern>();
        foreach (var rule in rules)
        {
            var type = rule.GetString("type")!;
            var at = rule.Find("type")!.Value.Location;
            var parameters = rule["parameters"] as DataObject;
            switch (type)
            {
                case "pull_request":
                    pullRequest = new Located<bool>(true, at);
                    if (parameters is not null)
                    {
                        approvals = Int(parameters, "required_approving_review_count", null) ?? approvals;
                        dismiss = Bool(parameters, "dismiss_stale_reviews_on_push", null) ?? dismiss;
                        codeOwners = Bool(parameters, "require_code_owner_review", null) ?? codeOwners;
                    }
                    break;
                case "required_status_checks":
                    statusChecks = new Located<bool>(true, at);
                    if (parameters is not null)
                    {
                        strict = Bool(parameters, "strict_required_status_checks_policy", null) ?? strict;
                        ReadChecks(parameters, "required_status_checks", "integration_id", null, checks, null);
                    }
                    break;
                case "non_fast_forward":
                    forcePush = new Located<bool>(false, at);
                    break;
                case "deletion":
                    deletion = new Located<bool>(false, at);
                    break;
                case "update":
                    update = new Located<bool>(false, at);
                    break;
                case "tag_name_pattern" or "branch_name_pattern":
                    if (parameters?.GetString("pattern") is { } pattern)
                    {
                        var op = parameters.GetString("operator") ?? "regex";
                        var negate = (parameters["negate"] as DataValue)?.AsBool ?? false;
                        var np = new NamePattern(op, pattern, negate, parameters.Find("pattern")!.Value.Location);
                        if (np.Allows("") is null && op == "regex")
                            Problem($"{layerName} has a {type} regular expression '{pattern}' that does not compile", np.Location, null, name + "|" + pattern);
                        else if (op is not ("starts_with" or "ends_with" or "contains" or "regex"))
                            Problem($"{layerName} has {type} operator '{op}'; expected starts_with, ends_with, contains or regex", parameters.Find("operator")?.Value.Location, null, name + "|" + op);
                        patterns.Add(np);
                    }
                    break;
            }
        }
        return new ProtectionLayer
        {
            Kind = ProtectionLayerKind.Ruleset,
            Name = layerName,
            Origin = origin,
            PullRequest = pullRequest,
            Approvals = approvals,
            DismissStaleReviews = dismiss,
            CodeOwnerReviews = codeOwners,
            StatusChecks = statusChecks,
            Checks = checks,
            Strict = strict,
            ForcePushesAllowed = forcePush,
            DeletionsAllowed = deletion,
            UpdatesAllowed = update,
            NamePatterns = patterns,
        };
    }

    private void ReadPatterns(DataObject refName, string key, List<Located<string>> into, string layerName)
    {
        var entry = refName.Find(key);
        if (entry is null || entry.Value is DataValue { Kind: DataKind.Null }) return;
        if (entry.Value is not DataArray list)
        {
            Problem($"{layerName} has 'ref_name.{key}' {entry.Value.Describe()}; expected a list of ref patterns", entry.Value.Location, null, layerName + "|" + key);
            return;
        }
        foreach (var item in list.Items)
            if (item is DataValue { Kind: DataKind.String } s) into.Add(new Located<string>(s.Text, s.Location));
            else Problem($"{layerName} has a 'ref_name.{key}' pattern that is {item.Describe()}; expected a string like 'refs/heads/live'", item.Location, null, layerName + "|" + key);
    }

    private void ReadChecks(DataObject parent, string objectsKey, string appKey, string? stringsKey, List<RequiredCheck> into, string? branch)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (parent[objectsKey] is DataArray objects)
        {
            foreach (var item in objects.Items)
            {
                if (item is DataObject o && o["context"] is DataValue { Kind: DataKind.String } context)
                {
                    if (seen.Add(context.Text)) into.Add(new RequiredCheck(context.Text, (o[appKey] as DataValue)?.AsLong, context.Location));
                }
                else Problem($"a required status check in '{objectsKey}' is {item.Describe()}; expected {{\"context\": \"name\"}}", item.Location, branch, objectsKey);
            }
        }
        if (stringsKey is not null && parent[stringsKey] is DataArray strings)
        {
            foreach (var item in strings.Items)
            {
                if (item is DataValue { Kind: DataKind.String } s)
                {
                    if (seen.Add(s.Text)) into.Add(new RequiredCheck(s.Text, null, s.Location));
                }
                else Problem($"a required status check in '{stringsKey}' is {item.Describe()}; expected a string", item.Location, branch, stringsKey);
            }
        }
    }

    /// <summary>A boolean written bare (PUT / settings.yml shape) or as <c>{"enabled": bool}</c> (GET shape); null when absent or null.</summary>
    /// <summary>
    /// A section of classic protection that is an object or null (<c>required_status_checks</c>): the object, with
    /// <paramref name="enabled"/> true; null with <paramref name="enabled"/> false for <c>null</c>, or unset when the
    /// key is absent or holds something else (reported).
    /// </summary>
    private DataObject? Section(DataObject parent, string key, string branch, out Located<bool>? enabled)
    {
        enabled = null;
        var entry = parent.Find(key);
        switch (entry?.Value)
        {
            case null:
                return null;
            case DataValue { Kind: DataKind.Null }:
                enabled = new Located<bool>(false, entry.KeyLocation);
                return null;
            case DataObject section:
                enabled = new Located<bool>(true, entry.KeyLocation);
                return section;
            default:
                Problem($"'{key}' must be an object or null, not {entry.Value.Describe()}", entry.Value.Location, branch, key);
                return null;
        }
    }

    private Located<bool>? Bool(DataObject parent, string key, string? branch)
    {
        var entry = parent.Find(key);
        if (entry is null) return null;
        switch (entry.Value)
        {
            case DataValue { Kind: DataKind.Boolean } b:
                return new Located<bool>(b.AsBool!.Value, b.Location);
            case DataValue { Kind: DataKind.Null }:
                return null;
            case DataObject o when o.Find("enabled") is { Value: DataValue { Kind: DataKind.Boolean } e }:
                return new Located<bool>(e.AsBool!.Value, e.Location);
        }
        Problem($"'{key}'{Of(branch)} must be true, false or {{\"enabled\": true|false}}, not {entry.Value.Describe()}; it was ignored", entry.Value.Location, branch, key);
        return null;
    }

    private Located<int>? Int(DataObject parent, string key, string? branch)
    {
        var entry = parent.Find(key);
        if (entry is null || entry.Value is DataValue { Kind: DataKind.Null }) return null;
        if (entry.Value is DataValue { AsLong: { } n } v && n is >= 0 and <= 10) return new Located<int>((int)n, v.Location);
        Problem($"'{key}'{Of(branch)} must be a whole number from 0 to 10, not {entry.Value.Describe()}; it was ignored", entry.Value.Location, branch, key);
        return null;
    }

    private static string Of(string? branch) => branch is null ? "" : $" of branch '{branch}'";

    /// <summary>Records a problem; live data has no file position, so its message carries the request instead.</summary>
    private void Problem(string message, SourceLocation? location, string? branch, string key) =>
        problems.Add(origin.IsLive
            ? new ProtectionProblem($"{message} ({origin.Describe()})", null, $"{origin.Path}|{branch}|{key}", branch)
            : new ProtectionProblem(message, location, $"{origin.Path}|{branch}|{key}", branch));
}
