using System.Globalization;
using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Catalogue;

namespace VmPortal.Core.VirtualMachines;

/// <summary>
/// Where a VM stands in a keyed order of the VM list, so a page can start just past (or end just before) a row already
/// shown: an index seek instead of an OFFSET over every row before it. The default order and the cloud-service sort are
/// (cloud service, name), unique; every column sort is (column, id) over its (column, Id) index — location and data disks
/// over the copies the database keeps on the VM row (<see cref="Data.VmSortColumns"/>).
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
    /// <paramref name="descending"/>. The leading column's range comes first (<c>&gt;=</c> / <c>&lt;=</c>, or the enum values
    /// at or past it), so the database seeks to it on the index and filters only the key's own column value. PostgreSQL
    /// reads that range from its start, filtering every row of the leading value before the key (all 100,000 VMs of one
    /// location); there a column sort compares the row value <c>(column, Id)</c>, which it seeks to exactly.
    /// </summary>
    internal static IQueryable<VirtualMachine> Beyond(IQueryable<VirtualMachine> vms, VmSort? sort, bool descending, IReadOnlyList<string> key, bool rowValues = false)
    {
        var (first, second) = (key[0], key[1]);
        if (rowValues && sort is not (null or VmSort.Service)) return BeyondRow(vms, sort.Value, descending, first, int.Parse(second, CultureInfo.InvariantCulture));
        // Translated to SQL's "<" and ">", so the database's own collation orders them, as it orders ORDER BY.
#pragma warning disable CA1309
        if (sort is null or VmSort.Service)
        {
            return descending
                ? vms.Where(v => string.Compare(v.CloudService!.Name, first) <= 0 && (v.CloudService!.Name != first || string.Compare(v.Name, second) < 0))
                : vms.Where(v => string.Compare(v.CloudService!.Name, first) >= 0 && (v.CloudService!.Name != first || string.Compare(v.Name, second) > 0));
        }
        var id = int.Parse(second, CultureInfo.InvariantCulture);
        switch (sort)
        {
            case VmSort.Name:
                return descending
                    ? vms.Where(v => string.Compare(v.Name, first) <= 0 && (v.Name != first || v.Id < id))
                    : vms.Where(v => string.Compare(v.Name, first) >= 0 && (v.Name != first || v.Id > id));
            case VmSort.InstanceSize:
                return descending
                    ? vms.Where(v => string.Compare(v.InstanceSize, first) <= 0 && (v.InstanceSize != first || v.Id < id))
                    : vms.Where(v => string.Compare(v.InstanceSize, first) >= 0 && (v.InstanceSize != first || v.Id > id));
            case VmSort.Location:
                return descending
                    ? vms.Where(v => string.Compare(v.Location, first) <= 0 && (v.Location != first || v.Id < id))
                    : vms.Where(v => string.Compare(v.Location, first) >= 0 && (v.Location != first || v.Id > id));
#pragma warning restore CA1309
            case VmSort.DataDisks:
                {
                    var count = int.Parse(first, CultureInfo.InvariantCulture);
                    return descending
                        ? vms.Where(v => v.DataDiskCount <= count && (v.DataDiskCount != count || v.Id < id))
                        : vms.Where(v => v.DataDiskCount >= count && (v.DataDiskCount != count || v.Id > id));
                }
            case VmSort.Status:
                {
                    var at = Enum.Parse<VmStatus>(first);
                    var from = AtOrPast(at, descending);
                    return descending
                        ? vms.Where(v => from.Contains(v.Status) && (v.Status != at || v.Id < id))
                        : vms.Where(v => from.Contains(v.Status) && (v.Status != at || v.Id > id));
                }
            case VmSort.Os:
                {
                    var at = Enum.Parse<OsType>(first);
                    var from = AtOrPast(at, descending);
                    return descending
                        ? vms.Where(v => from.Contains(v.Os) && (v.Os != at || v.Id < id))
                        : vms.Where(v => from.Contains(v.Os) && (v.Os != at || v.Id > id));
                }
            default:
                throw new ArgumentOutOfRangeException(nameof(sort), sort, "No such order.");
        }
    }

    /// <summary>PostgreSQL's row-value comparison <c>(column, Id) &gt; (key, id)</c>: an index seek to the very row.</summary>
    private static IQueryable<VirtualMachine> BeyondRow(IQueryable<VirtualMachine> vms, VmSort sort, bool descending, string first, int id)
    {
        IQueryable<VirtualMachine> Past<T>(System.Linq.Expressions.Expression<Func<VirtualMachine, bool>> after, System.Linq.Expressions.Expression<Func<VirtualMachine, bool>> before) =>
            vms.Where(descending ? before : after);
        return sort switch
        {
            VmSort.Name => Past<string>(v => EF.Functions.GreaterThan(ValueTuple.Create(v.Name, v.Id), ValueTuple.Create(first, id)),
                v => EF.Functions.LessThan(ValueTuple.Create(v.Name, v.Id), ValueTuple.Create(first, id))),
            VmSort.InstanceSize => Past<string>(v => EF.Functions.GreaterThan(ValueTuple.Create(v.InstanceSize, v.Id), ValueTuple.Create(first, id)),
                v => EF.Functions.LessThan(ValueTuple.Create(v.InstanceSize, v.Id), ValueTuple.Create(first, id))),
            VmSort.Location => Past<string>(v => EF.Functions.GreaterThan(ValueTuple.Create(v.Location, v.Id), ValueTuple.Create(first, id)),
                v => EF.Functions.LessThan(ValueTuple.Create(v.Location, v.Id), ValueTuple.Create(first, id))),
            VmSort.DataDisks => Past<int>(v => EF.Functions.GreaterThan(ValueTuple.Create(v.DataDiskCount, v.Id), ValueTuple.Create(int.Parse(first, CultureInfo.InvariantCulture), id)),
                v => EF.Functions.LessThan(ValueTuple.Create(v.DataDiskCount, v.Id), ValueTuple.Create(int.Parse(first, CultureInfo.InvariantCulture), id))),
            // The enums are stored by name and ordered by the column's collation, as ORDER BY orders them.
            VmSort.Status => Past<string>(v => EF.Functions.GreaterThan(ValueTuple.Create(v.Status, v.Id), ValueTuple.Create(Enum.Parse<VmStatus>(first), id)),
                v => EF.Functions.LessThan(ValueTuple.Create(v.Status, v.Id), ValueTuple.Create(Enum.Parse<VmStatus>(first), id))),
            VmSort.Os => Past<string>(v => EF.Functions.GreaterThan(ValueTuple.Create(v.Os, v.Id), ValueTuple.Create(Enum.Parse<OsType>(first), id)),
                v => EF.Functions.LessThan(ValueTuple.Create(v.Os, v.Id), ValueTuple.Create(Enum.Parse<OsType>(first), id))),
            _ => throw new ArgumentOutOfRangeException(nameof(sort), sort, "No such order."),
        };
    }

    /// <summary>An enum is stored by name, so the database orders it by name (code point): the values at or past one, in that order.</summary>
    private static List<T> AtOrPast<T>(T at, bool descending) where T : struct, Enum =>
        Enum.GetValues<T>().Where(v =>
        {
            var order = string.CompareOrdinal(v.ToString(), at.ToString());
            return descending ? order <= 0 : order >= 0;
        }).ToList();
}
