using VmPortal.Core.Operations;

namespace VmPortal.Web.Asm;

/// <summary>ASM.md §1: <c>GET /operations/{requestId}</c>, what the classic client polls after every 202 — a portal operation by its id.</summary>
internal static class OperationStatusCall
{
    public static void MapOperationStatusCall(this RouteGroupBuilder asm) => asm.MapGet("/operations/{id}", GetAsync);

    private static async Task<IResult> GetAsync(string id, OperationQueries operations, CancellationToken ct)
    {
        var found = await operations.GetAsync(id, ct);
        return found.Succeeded ? AsmResults.Ok(OperationXml.Element(found.Value)) : AsmError.From(found.Error);
    }
}
