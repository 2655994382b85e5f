using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Data;

namespace VmPortal.Core;

/// <summary>
/// One page of a list (API.md "Lists"): the items asked for and how many there are in all; on a list paged by key, the
/// token for the next page (none on the last page).
/// </summary>
public sealed record Page<T>(
    IReadOnlyList<T> Items, int Total,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    string? ContinuationToken = null);

/// <summary>Which slice of a list to return: <c>skip</c> from 0, <c>take</c> 0 to <see cref="MaxTake"/> (default <see cref="DefaultTake"/>).</summary>
public readonly record struct PageRequest(int Skip, int Take)
{
    public const int DefaultTake = 100;
    public const int MaxTake = 1000;

    public static PortalResult<PageRequest> Create(int? skip, int? take)
    {
        if (skip is < 0)
            return PortalError.Validation("skip", $"skip is {skip}; it must be 0 or more.");
        if (take is < 0 or > MaxTake)
            return PortalError.Validation("take", $"take is {take}; it must be between 0 and {MaxTake}. Page through longer lists with skip.");
        return new PageRequest(skip ?? 0, take ?? DefaultTake);
    }
}

internal static class Paging
{
    /// <summary>
    /// Validates skip/take, then runs <paramref name="query"/> (already ordered) once for the total and once for the page,
    /// in one context.
    /// </summary>
    public static Task<PortalResult<Page<T>>> QueryPageAsync<T>(
        this IDbContextFactory<PortalDbContext> dbFactory, int? skip, int? take,
        Func<PortalDbContext, IQueryable<T>> query, CancellationToken cancellationToken) =>
        dbFactory.QueryPageAsync(skip, take, query, item => item, cancellationToken);

    /// <summary>As above, shaping each row of the page in memory with <paramref name="map"/> (for what SQL cannot project).</summary>
    public static async Task<PortalResult<Page<TView>>> QueryPageAsync<T, TView>(
        this IDbContextFactory<PortalDbContext> dbFactory, int? skip, int? take,
        Func<PortalDbContext, IQueryable<T>> query, Func<T, TView> map, CancellationToken cancellationToken)
    {
        var page = PageRequest.Create(skip, take);
        if (!page.Succeeded) return page.Error;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var ordered = query(db);
        var total = await ordered.CountAsync(cancellationToken);
        var items = await ordered.Skip(page.Value.Skip).Take(page.Value.Take).ToListAsync(cancellationToken);
        return new Page<TView>(items.Select(map).ToList(), total);
    }

    /// <summary>
    /// A page of a list paged by key: with a <see cref="Continuation"/>, <paramref name="page"/> seeks past its key (an index
    /// seek, whatever the depth) and the total comes from the token; without one, the total is read once — from
    /// <paramref name="count"/> when the list knows it without counting (<see cref="Data.CatalogueCounts"/>), else by
    /// counting — and <paramref name="skip"/> applies. One row more than asked tells whether a next page exists.
    /// </summary>
    public static async Task<Page<TView>> KeysetPageAsync<TEntity, TRow, TView>(
        this IQueryable<TEntity> filtered, Func<CancellationToken, Task<int>>? count, int skip, int take, Continuation? after,
        Func<IQueryable<TEntity>, IReadOnlyList<string>?, IQueryable<TRow>> page, Func<TRow, IReadOnlyList<string>> keyOf,
        Func<List<TRow>, Task<List<TView>>> map, CancellationToken cancellationToken)
    {
        var total = after?.Total ?? await (count ?? filtered.CountAsync)(cancellationToken);
        var query = page(filtered, after?.After);
        if (after is null && skip > 0) query = query.Skip(skip);
        var rows = await query.Take(take + 1).ToListAsync(cancellationToken);
        string? next = null;
        if (rows.Count > take)
        {
            rows.RemoveAt(take);
            if (take > 0) next = new Continuation(keyOf(rows[^1]), total).Encode();
        }
        return new Page<TView>(await map(rows), total, next);
    }
}
