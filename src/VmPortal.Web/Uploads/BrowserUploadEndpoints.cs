using Microsoft.AspNetCore.Antiforgery;
using VmPortal.Core;
using VmPortal.Core.Security;
using VmPortal.Core.Uploads;
using VmPortal.Web.Api;
using VmPortal.Web.Security;

namespace VmPortal.Web.Uploads;

/// <summary>
/// The data path of the gallery's "Upload VHD" dialog: the browser sends an upload's chunks from JavaScript (the circuit
/// starts and completes the upload). The REST API takes only bearer tokens, so these two routes take the signed-in cookie
/// instead, with the page's antiforgery token in a header, an Operator's role, and the same upload service and rules.
/// </summary>
internal static class BrowserUploadEndpoints
{
    public const string Prefix = "/upload-chunks";

    public static IEndpointRouteBuilder MapBrowserUploads(this IEndpointRouteBuilder app)
    {
        var chunks = app.MapGroup(Prefix).RequireAuthorization(PortalRoles.Operator).ExcludeFromDescription();
        chunks.MapGet("/{id}", async (Guid id, UploadService uploads, HttpContext http, IAntiforgery antiforgery, CancellationToken ct) =>
            await IsValidHeader(http, antiforgery)
                ? ApiResults.Ok(await uploads.GetAsync(id, ct))
                : Refused());
        chunks.MapPut("/{id}", async (Guid id, long? offset, HttpContext http, UploadService uploads, IAntiforgery antiforgery, CancellationToken ct) =>
            await IsValidHeader(http, antiforgery)
                ? ApiResults.NoContent(await uploads.WriteAsync(id, offset, http.Request.Body, http.Request.ContentLength, http.Actor(), ct))
                : Refused());
        return app;
    }

    /// <summary>The antiforgery token must come in its header (the form field cannot carry a binary body).</summary>
    private static async Task<bool> IsValidHeader(HttpContext http, IAntiforgery antiforgery)
    {
        if (!http.Request.Headers.ContainsKey("RequestVerificationToken")) return false;
        try
        {
            await antiforgery.ValidateRequestAsync(http);
            return true;
        }
        catch (AntiforgeryValidationException)
        {
            return false;
        }
    }

    private static IResult Refused() => ApiProblems.For(new PortalError(ErrorCodes.Forbidden, ApiMessages.Get("StaleAntiforgery")));
}
