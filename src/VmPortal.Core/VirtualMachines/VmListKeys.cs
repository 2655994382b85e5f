using System.Globalization;
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
    /// at or past it), so the database seeks to it on the index and filters only the key's own column value.
    /// </summary>
    internal static IQueryable<VirtualMachine> Beyond(IQueryable<VirtualMachine> vms, VmSort? sort, bool descending, IReadOnlyList<string> key)
    {
        var (first, second) = (key[0], key[1]);
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

    /// <summary>An enum is stored by name, so the database orders it by name (code point): the values at or past one, in that order.</summary>
    private static List<T> AtOrPast<T>(T at, bool descending) where T : struct, Enum =>
        Enum.GetValues<T>().Where(v =>
        {
            var order = string.CompareOrdinal(v.ToString(), at.ToString());
            return descending ? order <= 0 : order >= 0;
        }).ToList();
}
