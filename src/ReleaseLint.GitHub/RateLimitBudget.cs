namespace ReleaseLint.GitHub;

/// <summary>
/// The time one run may spend waiting out GitHub's rate limits, shared by every request of the run (REST and GraphQL,
/// protection and discussions): an API that answers <c>retry-after: 59</c> to every request costs one wait, not one
/// per request. A wait that would go past it is not made; the request fails with a message that says so (RL2001 or
/// RL5006, a warning).
/// </summary>
/// <param name="total">The whole budget (the documented minute).</param>
public sealed class RateLimitBudget(TimeSpan total)
{
    private long _reservedTicks;

    /// <summary>The whole budget.</summary>
    public TimeSpan Total { get; } = total;

    /// <summary>The time reserved for waits so far.</summary>
    public TimeSpan Waited => TimeSpan.FromTicks(Interlocked.Read(ref _reservedTicks));

    /// <summary>Reserves <paramref name="wait"/> when it fits in what is left; false (nothing reserved) when it does not.</summary>
    public bool TryReserve(TimeSpan wait)
    {
        while (true)
        {
            var current = Interlocked.Read(ref _reservedTicks);
            if (current + wait.Ticks > Total.Ticks) return false;
            if (Interlocked.CompareExchange(ref _reservedTicks, current + wait.Ticks, current) == current) return true;
        }
    }
}
