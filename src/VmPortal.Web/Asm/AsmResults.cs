using System.Xml.Linq;

namespace VmPortal.Web.Asm;

/// <summary>
/// The answers ASM calls give. The classic client accepts exactly one status per call (ASM.md §1), so each call names its
/// own: 200 with a document or empty, 201 empty, or 202 empty with the operation's id as <c>x-ms-request-id</c>.
/// </summary>
internal static class AsmResults
{
    public const string RequestIdHeader = "x-ms-request-id";

    public static IResult Ok(XElement document) => new Document(StatusCodes.Status200OK, document);

    public static IResult Ok() => new Empty(StatusCodes.Status200OK, null);

    public static IResult Created() => new Empty(StatusCodes.Status201Created, null);

    /// <summary>202: long work was queued; the client follows it at <c>/operations/{id}</c> by this request id.</summary>
    public static IResult Accepted(Guid operationId) => new Empty(StatusCodes.Status202Accepted, operationId);

    private sealed record Document(int Status, XElement Root) : IResult
    {
        public Task ExecuteAsync(HttpContext http) => AsmXml.WriteAsync(http, Status, Root);
    }

    private sealed record Empty(int Status, Guid? RequestId) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = Status;
            if (RequestId is { } id) http.Response.Headers[RequestIdHeader] = id.ToString();
            http.Response.ContentLength = 0;
            return Task.CompletedTask;
        }
    }
}
