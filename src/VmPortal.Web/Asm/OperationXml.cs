using System.Xml.Linq;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Operations;
using static VmPortal.Web.Asm.AsmXml;

namespace VmPortal.Web.Asm;

/// <summary>
/// ASM.md §1 "Asynchronous pattern": <c>&lt;Operation&gt;</c> with the portal operation's id and status. A finished one
/// carries the status its call would have answered had it been synchronous — 200, or the failure's (409, 500…) — and a
/// failed one the <c>&lt;Error&gt;</c>, whose message starts with the portal's code like every ASM error.
/// </summary>
internal static class OperationXml
{
    public static XElement Element(OperationView operation)
    {
        var failure = operation.Error is { } error ? AsmError.From(new Core.PortalError(error.Code, error.Message)) : null;
        return E("Operation",
            E("ID", operation.Id.ToString()),
            E("Status", operation.Status.ToString()),
            operation.Status == OperationStatus.Succeeded ? E("HttpStatusCode", Int(StatusCodes.Status200OK))
                : failure is not null ? E("HttpStatusCode", Int(failure.Status))
                : null,
            failure?.Element());
    }
}
