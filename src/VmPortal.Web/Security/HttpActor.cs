using VmPortal.Core.Security;

namespace VmPortal.Web.Security;

/// <summary>The actor of an API or ASM request: the signed-in caller, the client address and the redacted body.</summary>
public static class HttpActor
{
    private const string ActorKey = "vmportal:actor";
    private const string DetailKey = "vmportal:audit-detail";

    /// <summary>One actor per request, so the audit middleware sees whether a service already recorded the change.</summary>
    public static Actor Actor(this HttpContext http)
    {
        if (http.Items[ActorKey] is Actor existing) return existing;
        var actor = new Actor(http.User.Identity?.IsAuthenticated == true ? http.User.Identity.Name : ApiAuditMiddleware.AttributedUser(http),
            http.Connection.RemoteIpAddress?.ToString(), http.Items[DetailKey] as string);
        http.Items[ActorKey] = actor;
        return actor;
    }

    /// <summary>The actor the request's handler used, if it asked for one.</summary>
    internal static Actor? ActorIfAny(this HttpContext http) => http.Items[ActorKey] as Actor;

    /// <summary>What the audit keeps of the request body (secrets redacted), set before the handler runs.</summary>
    internal static void SetAuditDetail(this HttpContext http, string? detail) => http.Items[DetailKey] = detail;

    internal static string? AuditDetail(this HttpContext http) => http.Items[DetailKey] as string;
}
