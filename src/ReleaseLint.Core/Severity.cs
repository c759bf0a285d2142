namespace ReleaseLint;

/// <summary>How serious a finding is. Ordered: a higher value is more serious.</summary>
public enum Severity
{
    /// <summary>The rule is switched off: it does not run and reports nothing.</summary>
    Off = 0,
    /// <summary>Worth knowing; never fails a run unless <c>--fail-on note</c>.</summary>
    Note = 1,
    /// <summary>Probably wrong; fails a run with <c>--fail-on warning</c>.</summary>
    Warning = 2,
    /// <summary>Breaks the release policy; fails a run by default.</summary>
    Error = 3,
}

/// <summary>Parsing and printing of <see cref="Severity"/> values as users write them.</summary>
public static class SeverityNames
{
    /// <summary>The lower-case name used in output, configuration and SARIF (<c>note</c>, <c>warning</c>, <c>error</c>, <c>off</c>).</summary>
    public static string ToName(this Severity severity) => severity switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        Severity.Note => "note",
        _ => "off",
    };

    /// <summary>Parses <c>error</c>, <c>warning</c>, <c>note</c> or <c>off</c> (case-insensitive; <c>info</c> is taken as note, <c>none</c> as off).</summary>
    public static bool TryParse(string? text, out Severity severity)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "error": severity = Severity.Error; return true;
            case "warning": case "warn": severity = Severity.Warning; return true;
            case "note": case "info": severity = Severity.Note; return true;
            case "off": case "none": case "false": severity = Severity.Off; return true;
            default: severity = Severity.Off; return false;
        }
    }
}
