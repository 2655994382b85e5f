using VmPortal.Core;
using VmPortal.Core.Security;

namespace VmPortal.Web.Components.Pages.Admin;

/// <summary>The audit page shows actions in words ("Sign in"), so a search in those words must find them (the code is SignIn).</summary>
public static class AuditActionWords
{
    /// <summary>Every action whose words contain <paramref name="text"/>, in any case.</summary>
    public static IReadOnlyCollection<string> Matching(string? text) => string.IsNullOrWhiteSpace(text) ? []
        : AuditActions.All.Where(a => DisplayNames.AuditAction(a).Contains(text.Trim(), StringComparison.OrdinalIgnoreCase)).ToList();
}
