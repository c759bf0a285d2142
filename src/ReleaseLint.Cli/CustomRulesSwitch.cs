namespace ReleaseLint.Cli;

/// <summary>The environment switch that turns custom rules off, for CI jobs that lint untrusted pull requests.</summary>
public static class CustomRulesSwitch
{
    /// <summary>The variable's name.</summary>
    public const string EnvironmentVariable = "RELEASELINT_NO_CUSTOM_RULES";

    /// <summary>True when the variable is set to anything but empty, <c>0</c>, <c>false</c> or <c>no</c>.</summary>
    public static bool DisabledByEnvironment() =>
        Environment.GetEnvironmentVariable(EnvironmentVariable)?.Trim().ToLowerInvariant() is { Length: > 0 } value
        && value is not ("0" or "false" or "no" or "off");
}
