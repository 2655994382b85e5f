namespace VmPortal.Web.Components.Shared;

/// <summary>Where an operation's own page is.</summary>
public static class OperationLinks
{
    public static string Page(Guid id) => $"operations/{id}";
}
