using System.Security.Cryptography;
using System.Text;

namespace ReleaseLint.Engine;

/// <summary>
/// Stable identities of findings, built from the rule, the file and the logical place plus offending
/// text (<see cref="Finding.FingerprintKey"/>), never the line number: a finding keeps its fingerprint
/// when unrelated lines are added above it. Used for SARIF <c>partialFingerprints</c> and baselines.
/// </summary>
public static class Fingerprints
{
    /// <summary>The key under SARIF <c>partialFingerprints</c>.</summary>
    public const string SarifKey = "releaselint/v1";

    /// <summary>Fingerprints of <paramref name="findings"/>, in the same order; repeats get <c>:2</c>, <c>:3</c>… suffixes.</summary>
    public static IReadOnlyList<string> Compute(IReadOnlyList<Finding> findings)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var result = new string[findings.Count];
        for (var i = 0; i < findings.Count; i++)
        {
            var hash = Hash(findings[i]);
            seen[hash] = seen.TryGetValue(hash, out var n) ? n + 1 : 1;
            result[i] = hash + ":" + seen[hash];
        }
        return result;
    }

    /// <summary>
    /// Fingerprints of <paramref name="result"/>'s findings, in the same order, numbered over the whole run: with a
    /// baseline applied, the baselined findings count too, so a new finding's fingerprint is the one it has without
    /// <c>--baseline</c> (and the one <c>releaselint baseline</c> would record).
    /// </summary>
    public static IReadOnlyList<string> OfRun(LintResult result)
    {
        if (result.Baselined.Count == 0) return Compute(result.Findings);
        var whole = result.Findings.Concat(result.Baselined).Order(Comparer<Finding>.Create(LintEngine.Compare)).ToList();
        var computed = Compute(whole);
        var byFinding = new Dictionary<Finding, string>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < whole.Count; i++) byFinding[whole[i]] = computed[i];
        return [.. result.Findings.Select(f => byFinding[f])];
    }

    /// <summary>The hash part of one finding's fingerprint.</summary>
    public static string Hash(Finding finding)
    {
        var key = finding.FingerprintKey.Length > 0 ? finding.FingerprintKey : finding.Message;
        var text = $"{finding.Rule.Id}\n{finding.Location.Path}\n{key}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
    }
}
