namespace ReleaseLint;

/// <summary>"Did you mean …?" help for messages.</summary>
public static class Suggestions
{
    /// <summary>The edit distance between two strings.</summary>
    public static int Distance(string a, string b)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) prev[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (var j = 1; j <= b.Length; j++)
                cur[j] = Math.Min(Math.Min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (prev, cur) = (cur, prev);
        }
        return prev[b.Length];
    }

    /// <summary>Longer strings get no suggestion (the distance costs the product of the lengths).</summary>
    public const int MaxLength = 256;

    /// <summary>The candidate closest to <paramref name="value"/> within <paramref name="maxDistance"/> edits, or null.</summary>
    public static string? Closest(IEnumerable<string> candidates, string value, int maxDistance = 3)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        if (value.Length > MaxLength) return null;
        foreach (var c in candidates)
        {
            // The length difference is a lower bound of the distance: most candidates are ruled out without computing it.
            if (Math.Abs(c.Length - value.Length) > Math.Min(maxDistance, bestDistance) || c.Length > MaxLength) continue;
            var d = Distance(c, value);
            if (d < bestDistance) (best, bestDistance) = (c, d);
        }
        return bestDistance <= maxDistance ? best : null;
    }
}
