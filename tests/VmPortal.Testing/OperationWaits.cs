using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Catalogue;

namespace VmPortal.Testing;

public static class OperationWaits
{
    /// <summary>Waits (bounded) until the operation has an outcome, and returns it.</summary>
    public static async Task<Operation> WaitForOperationAsync(this CoreHost host, Guid id, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            await using var db = host.Db();
            var operation = await db.Operations.AsNoTracking().SingleAsync(o => o.Id == id);
            if (operation.Status != OperationStatus.InProgress) return operation;
            if (DateTime.UtcNow > until) throw new TimeoutException($"Operation {operation.Kind} still {operation.StatusMessage} after the wait.");
            await Task.Delay(50);
        }
    }

    public static async Task<T> WaitUntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
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
