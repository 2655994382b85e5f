using Microsoft.EntityFrameworkCore;

namespace VmPortal.Core.VirtualMachines;

/// <summary>
/// Claiming a VM for an operation: read it, check it, write the operation with its busy mark under the VM's concurrency
/// stamp. The stamp also changes for reasons that leave the VM free — the guest agent marking a restarted guest ready, a
/// tag edit — so a write that loses to one is read and checked again rather than called busy; only a VM that another
/// operation holds, or that keeps changing under us, is <c>VmBusy</c>.
/// </summary>
internal static class VmClaim
{
    private const int Attempts = 3;

    /// <summary>Runs <paramref name="attempt"/> (a fresh read, the checks, the write) until its write is not a lost race.</summary>
    public static async Task<PortalResult<T>> RetryAsync<T>(Func<Task<PortalResult<T>>> attempt, Func<PortalError> busy)
    {
        for (var tries = 1; ; tries++)
        {
            try
            {
                return await attempt();
            }
            catch (DbUpdateConcurrencyException) when (tries < Attempts)
            {
                // Read again: a VM that another operation took now says so; one that is still free is claimed.
            }
            catch (DbUpdateConcurrencyException)
            {
                return busy();
            }
        }
    }
}
