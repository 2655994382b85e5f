using System.Globalization;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Catalogue;

namespace VmPortal.Core.VirtualMachines;

/// <summary>
/// Where a VM stands in a keyed order of the VM list, so a page can start just past (or end just before) a row already
/// shown: an index seek instead of an OFFSET over every row before it. The default order and the cloud-service sort are
/// (cloud service, name), unique; every column sort is (column, id) over its (column, Id) index — location and data disks
/// over the copies the database keeps on the VM row (<see cref="Data.VmSortColumns"/>), the default order over the copy of
/// the service's name (<see cref="Data.ScaleOrderColumns"/>).
/// </summary>
public static class VmListKeys
{
    /// <summary>The key of <paramref name="vm"/> in the order of <paramref name="sort"/>.</summary>
    public static IReadOnlyList<string> Of(VmSummary vm, VmSort? sort)
    {
        var id = vm.Id.ToString(CultureInfo.InvariantCulture);
        return sort switch
        {
            null or VmSort.Service => [vm.ServiceName, vm.Name],
            VmSort.Name => [vm.Name, id],
            VmSort.Status => [vm.Status.ToString(), id],
            VmSort.Os => [vm.Os.ToString(), id],
            VmSort.InstanceSize => [vm.InstanceSize, id],
            VmSort.Location => [vm.Location, id],
            VmSort.DataDisks => [vm.DataDisks.ToString(CultureInfo.InvariantCulture), id],
            _ => throw new ArgumentOutOfRangeException(nameof(sort), sort, "No such order."),
        };
    }

    /// <summary>
    /// The VMs past <paramref name="key"/> in the order of <paramref name="sort"/> read in direction
    /// <paramref name="descending"/>. PostgreSQL compares the row value <c>(column, Id)</c> (or <c>(ServiceName, Name)</c>),
    /// which it seeks to exactly on the order's index. SQLite seeks a row value by its first column only, reading every row
    /// of the key's value before the key (all 100,000 VMs of one location): there the rows of the key's own value past it
    /// and the rows past that value are two seeks, merged in order (<c>UNION ALL</c>). The default order's leading column is
    /// a service's name, shared by a few dozen VMs at most, so it reads that range from its start.
    /// </summary>
    internal static IQueryable<VirtualMachine> Beyond(IQueryable<VirtualMachine> vms, VmSort? sort, bool descending, IReadOnlyList<string> key, bool rowValues = false)
    {
        var (first, second) = (key[0], key[1]);
        if (rowValues) return BeyondRow(vms, sort, descending, first, second);
        // Translated to SQL's "<" and ">", so the database's own collation orders them, as it orders ORDER BY.
#pragma warning disable CA1309
        if (sort is null or VmSort.Service)
        {
            return descending
                ? vms.Where(v => string.Compare(v.ServiceName, first) <= 0 && (v.ServiceName != first || string.Compare(v.Name, second) < 0))
                : vms.Where(v => string.Compare(v.ServiceName, first) >= 0 && (v.ServiceName != first || string.Compare(v.Name, second) > 0));
        }
        var id = int.Parse(second, CultureInfo.InvariantCulture);
        IQueryable<VirtualMachine> Merged(Expression<Func<VirtualMachine, bool>> same, Expression<Func<VirtualMachine, bool>> after, Expression<Func<VirtualMachine, bool>> before) =>
            vms.Where(same).Concat(vms.Where(descending ? before : after));
        switch (sort)
        {
            case VmSort.Name:
                return Merged(descending ? v => v.Name == first && v.Id < id : v => v.Name == first && v.Id > id,
                    v => string.Compare(v.Name, first) > 0, v => string.Compare(v.Name, first) < 0);
            case VmSort.InstanceSize:
                return Merged(descending ? v => v.InstanceSize == first && v.Id < id : v => v.InstanceSize == first && v.Id > id,
                    v => string.Compare(v.InstanceSize, first) > 0, v => string.Compare(v.InstanceSize, first) < 0);
            case VmSort.Location:
                return Merged(descending ? v => v.Location == first && v.Id < id : v => v.Location == first && v.Id > id,
                    v => string.Compare(v.Location, first) > 0, v => string.Compare(v.Location, first) < 0);
#pragma warning restore CA1309
            case VmSort.DataDisks:
                {
                    var count = int.Parse(first, CultureInfo.InvariantCulture);
                    return Merged(descending ? v => v.DataDiskCount == count && v.Id < id : v => v.DataDiskCount == count && v.Id > id,
                        v => v.DataDiskCount > count, v => v.DataDiskCount < count);
                }
            case VmSort.Status:
                {
                    var at = Enum.Parse<VmStatus>(first);
                    var past = Past(at, descending);
                    return Merged(descending ? v => v.Status == at && v.Id < id : v => v.Status == at && v.Id > id,
                        v => past.Contains(v.Status), v => past.Contains(v.Status));
                }
            case VmSort.Os:
                {
                    var at = Enum.Parse<OsType>(first);
                    var past = Past(at, descending);
                    return Merged(descending ? v => v.Os == at && v.Id < id : v => v.Os == at && v.Id > id,
                        v => past.Contains(v.Os), v => past.Contains(v.Os));
                }
            default:
                throw new ArgumentOutOfRangeException(nameof(sort), sort, "No such order.");
        }
    }

    /// <summary>PostgreSQL's row-value comparison <c>(column, Id) &gt; (key, id)</c>: an index seek to the very row.</summary>
    private static IQueryable<VirtualMachine> BeyondRow(IQueryable<VirtualMachine> vms, VmSort? sort, bool descending, string first, string second)
    {
        IQueryable<VirtualMachine> Seek(Expression<Func<VirtualMachine, bool>> after, Expression<Func<VirtualMachine, bool>> before) =>
            vms.Where(descending ? before : after);
        if (sort is null or VmSort.Service)
        {
            return Seek(v => EF.Functions.GreaterThan(ValueTuple.Create(v.ServiceName, v.Name), ValueTuple.Create(first, second)),
                v => EF.Functions.LessThan(ValueTuple.Create(v.ServiceName, v.Name), ValueTuple.Create(first, second)));
        }
        var id = int.Parse(second, CultureInfo.InvariantCulture);
        return sort switch
        {
            VmSort.Name => Seek(v => EF.Functions.GreaterThan(ValueTuple.Create(v.Name, v.Id), ValueTuple.Create(first, id)),
                v => EF.Functions.LessThan(ValueTuple.Create(v.Name, v.Id), ValueTuple.Create(first, id))),
            VmSort.InstanceSize => Seek(v => EF.Functions.GreaterThan(ValueTuple.Create(v.InstanceSize, v.Id), ValueTuple.Create(first, id)),
                v => EF.Functions.LessThan(ValueTuple.Create(v.InstanceSize, v.Id), ValueTuple.Create(first, id))),
            VmSort.Location => Seek(v => EF.Functions.GreaterThan(ValueTuple.Create(v.Location, v.Id), ValueTuple.Create(first, id)),
                v => EF.Functions.LessThan(ValueTuple.Create(v.Location, v.Id), ValueTuple.Create(first, id))),
            VmSort.DataDisks => Seek(v => EF.Functions.GreaterThan(ValueTuple.Create(v.DataDiskCount, v.Id), ValueTuple.Create(int.Parse(first, CultureInfo.InvariantCulture), id)),
                v => EF.Functions.LessThan(ValueTuple.Create(v.DataDiskCount, v.Id), ValueTuple.Create(int.Parse(first, CultureInfo.InvariantCulture), id))),
            // The enums are stored by name and ordered by the column's collation, as ORDER BY orders them.
            VmSort.Status => Seek(v => EF.Functions.GreaterThan(ValueTuple.Create(v.Status, v.Id), ValueTuple.Create(Enum.Parse<VmStatus>(first), id)),
                v => EF.Functions.LessThan(ValueTuple.Create(v.Status, v.Id), ValueTuple.Create(Enum.Parse<VmStatus>(first), id))),
            VmSort.Os => Seek(v => EF.Functions.GreaterThan(ValueTuple.Create(v.Os, v.Id), ValueTuple.Create(Enum.Parse<OsType>(first), id)),
                v => EF.Functions.LessThan(ValueTuple.Create(v.Os, v.Id), ValueTuple.Create(Enum.Parse<OsType>(first), id))),
            _ => throw new ArgumentOutOfRangeException(nameof(sort), sort, "No such order."),
        };
    }

    /// <summary>An enum is stored by name, so the database orders it by name (code point): the values past one, in that order.</summary>
    private static List<T> Past<T>(T at, bool descending) where T : struct, Enum =>
        Enum.GetValues<T>().Where(v =>
        {
            var order = string.CompareOrdinal(v.ToString(), at.ToString());
            return descending ? order < 0 : order > 0;
        }).ToList();
}
