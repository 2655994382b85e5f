using VmPortal.Core;
using VmPortal.Core.VirtualMachines;

namespace VmPortal.Web.Components.Pages.VirtualMachines;

/// <summary>
/// Where each page of the VM grid starts, as far as the user has paged through it in the default order: each page
/// read leaves the token of the next, so moving to the next page (or back to one already seen) is an index seek instead
/// of an OFFSET over every row before it, and the total is not counted again. Another view (a column sort, a filter, a
/// page size) or a reload forgets them: a column sort, a jump to a page not reached yet and a reload read by OFFSET.
/// </summary>
internal sealed class VmGridPages
{
    private readonly Dictionary<int, Continuation> _starts = [];
    private VmListQuery? _view;

    /// <summary>The query for page <paramref name="index"/>: from where the page before it ended, when that is known.</summary>
    public VmListQuery Locate(VmListQuery query, int index)
    {
        var view = query with { Skip = 0, After = null };
        if (view != _view)
        {
            _starts.Clear();
            _view = view;
        }
        return query.Sort is null && _starts.TryGetValue(index, out var start) ? query with { Skip = 0, After = start } : query;
    }

    /// <summary>Keeps where the page after <paramref name="index"/> starts.</summary>
    public void Remember(int index, Page<VmSummary> page)
    {
        if (page.ContinuationToken is { } token && Continuation.Parse(token, skip: null, keys: 2).Value is { } next)
            _starts[index + 1] = next;
    }

    /// <summary>Rows were added or removed: the next read counts them again, by OFFSET.</summary>
    public void Forget() => _starts.Clear();
}
