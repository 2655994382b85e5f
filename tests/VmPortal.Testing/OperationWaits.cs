using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Data;

namespace VmPortal.Testing;

/// <summary>
/// Bounded waits on what the portal does in the background. They read the catalogue the way the portal
/// writes it, so they work on a <see cref="CoreHost"/> and on any host's services (the E2E portal's).
/// </summary>
public static class OperationWaits
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Waits (bounded) until the operation has an outcome, and returns it.</summary>
    public static Task<Operation> WaitForOperationAsync(this CoreHost host, Guid id, TimeSpan? timeout = null) =>
        host.Services.WaitForOperationAsync(id, timeout);

    /// <inheritdoc cref="WaitForOperationAsync(CoreHost, Guid, TimeSpan?)"/>
    public static async Task<Operation> WaitForOperationAsync(this IServiceProvider services, Guid id, TimeSpan? timeout = null)
    {
        var factory = services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        // The deadline is wall-clock on purpose: it bounds the test, it is not a date the product computes.
        var until = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (true)
        {
            await using var db = await factory.CreateDbContextAsync();
            var operation = await db.Operations.AsNoTracking().SingleAsync(o => o.Id == id);
            if (operation.Status != OperationStatus.InProgress) return operation;
            if (DateTime.UtcNow > until) throw new TimeoutException($"Operation {operation.Kind} still {operation.StatusMessage} after the wait.");
            await Task.Delay(50);
        }
    }

    /// <summary>
    /// Waits for an operation that has to succeed — an arrange step, or an act whose success is the point — and
    /// fails right here, naming its kind, target, error code and message, when it did not.
    /// </summary>
    public static Task<Operation> WaitForSuccessAsync(this CoreHost host, Guid id, TimeSpan? timeout = null) =>
        host.Services.WaitForSuccessAsync(id, timeout);

    /// <inheritdoc cref="WaitForSuccessAsync(CoreHost, Guid, TimeSpan?)"/>
    public static async Task<Operation> WaitForSuccessAsync(this IServiceProvider services, Guid id, TimeSpan? timeout = null)
    {
        var operation = await services.WaitForOperationAsync(id, timeout);
        if (operation.Status != OperationStatus.Succeeded)
            Assert.Fail($"Operation {operation.Kind} on {operation.Target} ended {operation.Status}: {operation.ErrorCode} {operation.ErrorMessage}");
        return operation;
    }

    /// <summary>Reads until <paramref name="done"/> holds, and returns what it read; fails after the timeout with the last value seen.</summary>
    public static async Task<T> WaitUntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (true)
        {
            var value = await read();
            if (done(value)) return value;
            if (DateTime.UtcNow > until) throw new TimeoutException($"Gave up waiting for {what}; last seen: {value}");
            await Task.Delay(50);
        }
    }

    public static async Task<VirtualMachine> VmAsync(this CoreHost host, int id)
    {
        await using var db = host.Db();
        return await db.VirtualMachines.AsNoTracking().Include(v => v.Disks).Include(v => v.CloudService).SingleAsync(v => v.Id == id);
    }
}
