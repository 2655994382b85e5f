using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace VmPortal.Testing;

/// <summary>
/// Another request (or the portal's own background work) that writes between a call's checks and its write: runs once,
/// right before the next transaction the test's own call begins. Only the flow that armed it triggers it: the host's
/// background work (leases, the guest agent, the instance registry) begins transactions of its own at any moment, and must
/// not take the rival's turn. Register it as an <see cref="IInterceptor"/> in the host's services.
/// </summary>
public sealed class RivalRequest : DbTransactionInterceptor
{
    private readonly AsyncLocal<bool> _inTestsCall = new();
    private Action? _armed;

    public bool Ran { get; private set; }

    /// <summary>Arms the rival for the calling test's flow: what it awaits next carries the flag, background work does not.</summary>
    public void Arm(Action rival)
    {
        _inTestsCall.Value = true;
        _armed = rival;
    }

    public override ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(
        DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        if (_inTestsCall.Value && Interlocked.Exchange(ref _armed, null) is { } rival)
        {
            rival();
            Ran = true;
        }
        return ValueTask.FromResult(result);
    }
}
