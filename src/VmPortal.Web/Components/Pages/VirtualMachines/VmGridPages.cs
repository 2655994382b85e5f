using VmPortal.Core;
using VmPortal.Core.VirtualMachines;

namespace VmPortal.Web.Components.Pages.VirtualMachines;

/// <summary>
/// Where the pages of the VM grid the user has seen start and end, in its order (<see cref="VmListKeys"/>: the default and
/// every column's sort). Next reads past the previous page's last row and Previous
/// backward from the next page's first row — index seeks instead of an OFFSET over every row before them — and Last reads
/// the last rows backward from the end; none counts again. Another view (a sort, a filter, a page size) or a reload forgets
/// them; a jump to a page in the middle not reached yet reads by OFFSET.
/// </summary>
internal sealed class VmGridPages
{
    private readonly Dictionary<int, (IReadOnlyList<string> First, IReadOnlyList<string> Last)> _seen = [];
    private VmListQuery? _view;
    private int? _total;

    /// <summary>The query for page <paramref name="index"/>: from a neighbouring page already seen, or from the end, when it can.</summary>
    public VmListQuery Locate(VmListQuery query, int index)
    {
        var view = query with { Skip = 0, After = null };
        if (view != _view)
        {
            Forget();
            _view = view;
        }
        if (index == 0 || query.Take == 0 || _total is not { } total) return query;
        if (_seen.TryGetValue(index - 1, out var before)) return query with { Skip = 0, After = new Continuation(before.Last, total) };
        if (_seen.TryGetValue(index + 1, out var after)) return query with { Skip = 0, After = new Continuation(after.First, total), FromEnd = true };
        var last = (total - 1) / query.Take;
        return index == last ? query with { Skip = 0, Take = total - last * query.Take, FromEnd = true } : query;
    }

    /// <summary>Keeps where page <paramref name="index"/> (read with <paramref name="query"/>) starts and ends, and the total.</summary>
    public void Remember(int index, VmListQuery query, Page<VmSummary> page)
    {
        _total = page.Total;
        if (page.Items.Count > 0)
            _seen[index] = (VmListKeys.Of(page.Items[0], query.Sort), VmListKeys.Of(page.Items[^1], query.Sort));
    }

    /// <summary>Rows were added or removed: the next read counts them again and reads by key only from there.</summary>
    public void Forget()
    {
        _seen.Clear();
        _total = null;
    }
}
