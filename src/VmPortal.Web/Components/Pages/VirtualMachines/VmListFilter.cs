using VmPortal.Core.Catalogue;
using VmPortal.Core.VirtualMachines;

namespace VmPortal.Web.Components.Pages.VirtualMachines;

/// <summary>The list's filters as the toolbar edits them, turned into a server-side query per page.</summary>
public sealed record VmListFilter(
    string? Search = null, OsType? Os = null, string? Location = null, string? InstanceSize = null, VmStatus? Status = null, string? Service = null)
{
    /// <summary>Grid column (property) names to the sort the database applies.</summary>
    private static readonly Dictionary<string, VmSort> Sorts = new()
    {
        [nameof(VmSummary.Name)] = VmSort.Name,
        [nameof(VmSummary.ServiceName)] = VmSort.Service,
        [nameof(VmSummary.Status)] = VmSort.Status,
        [nameof(VmSummary.Os)] = VmSort.Os,
        [nameof(VmSummary.Location)] = VmSort.Location,
        [nameof(VmSummary.InstanceSize)] = VmSort.InstanceSize,
        [nameof(VmSummary.DataDisks)] = VmSort.DataDisks,
    };

    /// <summary>The VM list narrowed to one cloud service's VMs: where a cloud service's name leads.</summary>
    public static string ForService(string service) => $"vms?service={Uri.EscapeDataString(service)}";

    public bool IsEmpty => this == new VmListFilter() || this == new VmListFilter(Search: "");

    /// <summary>The grid column (property) a sort name of the URL stands for, or null.</summary>
    public static string? SortColumn(string? sort) =>
        Sorts.FirstOrDefault(s => s.Key.Equals(sort, StringComparison.OrdinalIgnoreCase) || s.Value.ToString().Equals(sort, StringComparison.OrdinalIgnoreCase)).Key;

    /// <summary>The grid's own in-page sort for a column: the grid wants one with a sort it is told of, the database sorts.</summary>
    public static Func<VmSummary, object> SortKey(string column) => column switch
    {
        nameof(VmSummary.ServiceName) => v => v.ServiceName,
        nameof(VmSummary.Status) => v => v.Status,
        nameof(VmSummary.Os) => v => v.Os,
        nameof(VmSummary.Location) => v => v.Location,
        nameof(VmSummary.InstanceSize) => v => v.InstanceSize,
        nameof(VmSummary.DataDisks) => v => v.DataDisks,
        _ => v => v.Name,
    };

    /// <summary>The filter a URL names: unknown values are left out rather than refused, as a hand-edited link may have them.</summary>
    public static VmListFilter FromUrl(string? search, string? os, string? location, string? size, string? status, string? service = null) => new(
        Search: string.IsNullOrWhiteSpace(search) ? null : search,
        Os: Enum.TryParse<OsType>(os, ignoreCase: true, out var o) ? o : null,
        Location: string.IsNullOrWhiteSpace(location) ? null : location,
        InstanceSize: string.IsNullOrWhiteSpace(size) ? null : size,
        Status: Enum.TryParse<VmStatus>(status, ignoreCase: true, out var st) ? st : null,
        Service: string.IsNullOrWhiteSpace(service) ? null : service.Trim());

    /// <summary>The URL's query for this filter, a sort and a page (1-based; the first page is left out).</summary>
    public Dictionary<string, object?> ToUrl(string? sortBy, bool descending, int page, int pageSize) => new()
    {
        ["search"] = string.IsNullOrWhiteSpace(Search) ? null : Search.Trim(),
        ["os"] = Os?.ToString(),
        ["location"] = Location,
        ["size"] = InstanceSize,
        ["status"] = Status?.ToString(),
        ["service"] = Service,
        ["sort"] = sortBy is not null && Sorts.TryGetValue(sortBy, out var sort) ? sort.ToString() : null,
        ["desc"] = sortBy is not null && descending ? "true" : null,
        ["page"] = page > 0 ? page + 1 : null,
        ["rows"] = pageSize == 25 ? null : pageSize,
    };

    public VmListQuery ToQuery(int page, int pageSize, string? sortBy, bool descending) => new(
        Search: string.IsNullOrWhiteSpace(Search) ? null : Search.Trim(), Service: Service, Status: Status,
        Skip: page * pageSize, Take: pageSize, Os: Os, Location: Location, InstanceSize: InstanceSize,
        Sort: sortBy is not null && Sorts.TryGetValue(sortBy, out var sort) ? sort : null, Descending: descending);
}
