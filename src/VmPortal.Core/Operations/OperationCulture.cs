using System.Globalization;
using VmPortal.Core.Catalogue;

namespace VmPortal.Core.Operations;

/// <summary>
/// An operation writes its steps, disks and outcome in the language of the person who asked for it: the request's UI
/// culture is kept on the row, and the worker runs the operation in it — so a Chinese reader's capture reports in Chinese
/// and a script's (no <c>Accept-Language</c>) in English, whichever instance runs it.
/// </summary>
public static class OperationCulture
{
    /// <summary>The culture to keep for a request made now.</summary>
    public static string? Current() => CultureInfo.CurrentUICulture is { Name.Length: > 0 } culture ? culture.Name : null;

    /// <summary>Runs what follows (the awaited rest of the caller) in <paramref name="operation"/>'s culture.</summary>
    public static void Enter(Operation operation)
    {
        var culture = Find(operation.Culture);
        CultureInfo.CurrentCulture = culture;
        CultureInfo.CurrentUICulture = culture;
    }

    private static CultureInfo Find(string? name)
    {
        if (string.IsNullOrEmpty(name)) return CultureInfo.InvariantCulture;
        try { return CultureInfo.GetCultureInfo(name); }
        catch (CultureNotFoundException) { return CultureInfo.InvariantCulture; }
    }
}
