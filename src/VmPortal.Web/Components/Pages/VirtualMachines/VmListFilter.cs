using VmPortal.Core.Catalogue;
using VmPortal.Core.VirtualMachines;

namespace VmPortal.Web.Components.Pages.VirtualMachines;

/// <summary>The list's filters as the toolbar edits them, turned into a server-side query per page.</summary>
public sealed record VmListFilter(string? Search = null, OsType? Os = null, string? Location = null, string? InstanceSize = null, VmStatus? Status = null)
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

    public bool IsEmpty => this == new VmListFilter() || this == new VmListFilter(Search: "");

    public VmListQuery ToQuery(int page, int pageSize, string? sortBy, bool descending) => new(
        Search: string.IsNullOrWhiteSpace(Search) ? null : Search.Trim(), Status: Status,
        Skip: page * pageSize, Take: pageSize, Os: Os, Location: Location, InstanceSize: InstanceSize,
        Sort: sortBy is not null && Sorts.TryGetValue(sortBy, out var sort) ? sort : null, Descending: descending);
}
