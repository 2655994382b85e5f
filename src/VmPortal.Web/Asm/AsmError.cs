using VmPortal.Core;
using VmPortal.Web.Api;
using VmPortal.Web.Security;

namespace VmPortal.Web.Asm;

/// <summary>
/// An ASM refusal (ASM.md §1 "errors"): the status the REST API would answer, the ASM code for that status, and a message
/// that starts with the portal's own stable code (<c>VmNotStopped: 'web01' is not stopped…</c>) so scripts keep it.
/// The classic client turns this body into <c>err.code</c>, <c>err.message</c>, <c>err.statusCode</c> and <c>err.requestId</c>.
/// </summary>
internal sealed record AsmError(int Status, string Code, string PortalCode, string Text) : IResult
{
    public string Message => $"{PortalCode}: {Text}";

    /// <summary>A refusal at <paramref name="status"/>, with the ASM code for that status.</summary>
    public static AsmError Of(int status, string portalCode, string text) => new(status, CodeFor(status), portalCode, text);

    /// <summary>A service's refusal, at the status API.md gives its code.</summary>
    public static AsmError From(PortalError error) => Of(ApiProblems.StatusOf(error.Code), error.Code, error.Message);

    /// <summary>A request the endpoint cannot read or does not support: 400 with the portal's <c>ValidationFailed</c>.</summary>
    public static AsmError BadRequest(string text) => Of(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed, text);

    public static AsmError NotFound(string text) => Of(StatusCodes.Status404NotFound, ErrorCodes.NotFound, text);

    /// <summary>The ASM error code for a status: the few the classic API uses, by status class otherwise.</summary>
    public static string CodeFor(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => "AuthenticationFailed",
        StatusCodes.Status403Forbidden => "ForbiddenError",
        StatusCodes.Status404NotFound => "ResourceNotFound",
        StatusCodes.Status409Conflict => "ConflictError",
        >= 500 => "InternalError",
        _ => "BadRequest",
    };

    /// <summary>The <c>&lt;Error&gt;</c> element, also used inside a failed operation.</summary>
    public System.Xml.Linq.XElement Element() => AsmXml.E("Error", AsmXml.E("Code", Code), AsmXml.E("Message", Message));

    public Task ExecuteAsync(HttpContext http)
    {
        ApiAuditMiddleware.NoteRefusal(http, PortalCode);
        return AsmXml.WriteAsync(http, Status, Element());
    }
}
