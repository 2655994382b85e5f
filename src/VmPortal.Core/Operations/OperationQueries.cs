using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Data;

namespace VmPortal.Core.Operations;

public sealed record OperationErrorView(string Code, string Message);

/// <summary>
/// An operation as API.md shows it; <see cref="Error"/> is set only for a failed one, <see cref="Warnings"/> only when there
/// are some (a deploy from a deprecated image); <see cref="ImageName"/> for operations on an image (capture, deploy, delete).
/// Beyond the contract's fields (added, none changed): who asked (<see cref="RequestedBy"/>), when a worker took it up, its
/// steps with their times, and the disks a capture or deploy copies with their bytes.
/// </summary>
public sealed record OperationView(
    Guid Id, string Kind, OperationStatus Status, int Progress, string? StatusMessage, string Target,
    DateTimeOffset CreatedTime, DateTimeOffset? CompletedTime, OperationErrorView? Error,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Warnings = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ImageName = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RequestedBy = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? StartedTime = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<OperationStep>? Steps = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<DiskProgress>? Disks = null)
{
    public static OperationView From(Operation o) => new(
        o.Id, o.Kind, o.Status, o.Progress, o.StatusMessage, o.Target, o.CreatedTime, o.CompletedTime,
        o.Status == OperationStatus.Failed
            ? new OperationErrorView(o.ErrorCode ?? ErrorCodes.InternalError, o.ErrorMessage ?? OperationMessages.Get("OperationFailed"))
            : null,
        o.Warnings.Count > 0 ? o.Warnings : null, o.ImageName, o.RequestedBy, o.StartedTime,
        o.Steps.Count > 0 ? o.Steps : null, o.Disks.Count > 0 ? o.Disks : null);
}

/// <summary>An operation as the portal's operations page lists it: also who asked for it and when a worker took it up.</summary>
public sealed record OperationEntry(OperationView Operation, string? RequestedBy, DateTimeOffset? StartedTime);

/// <summary>Reads operations: newest first, or one by id.</summary>
public sealed class OperationQueries(IDbContextFactory<PortalDbContext> dbFactory)
{
    public Task<PortalResult<Page<OperationView>>> ListAsync(
        int? skip, int? take, OperationStatus? status = null, CancellationToken cancellationToken = default) =>
        dbFactory.QueryPageAsync(skip, take, db => Newest(db, status), OperationView.From, cancellationToken);

    /// <summary>As <see cref="ListAsync"/>, with the requester and start time the API shape leaves out.</summary>
    public Task<PortalResult<Page<OperationEntry>>> ListEntriesAsync(
        int? skip, int? take, OperationStatus? status = null, CancellationToken cancellationToken = default) =>
        dbFactory.QueryPageAsync(skip, take, db => Newest(db, status),
            o => new OperationEntry(OperationView.From(o), o.RequestedBy, o.StartedTime), cancellationToken);

    private static IQueryable<Operation> Newest(PortalDbContext db, OperationStatus? status) =>
        db.Operations.AsNoTracking().Where(o => status == null || o.Status == status)
            .OrderByDescending(o => o.CreatedTime).ThenByDescending(o => o.Id);

    /// <summary>
    /// <paramref name="userName"/>'s latest operations, newest first: what the notification centre lists. A user's name is
    /// compared as the audit records it (the signed-in name).
    /// </summary>
    public async Task<IReadOnlyList<OperationView>> ListRequestedByAsync(string userName, int take, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Operations.AsNoTracking().Where(o => o.RequestedBy == userName)
            .OrderByDescending(o => o.CreatedTime).ThenByDescending(o => o.Id).Take(take).ToListAsync(cancellationToken);
        return rows.Select(OperationView.From).ToList();
    }

    /// <summary>An id that is not a GUID names no operation: it is NotFound like any other unknown id.</summary>
    public async Task<PortalResult<OperationView>> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        if (!Guid.TryParse(id, out var guid)) return PortalError.NotFound(OperationMessages.Format("WhatOperation", id));
        return await GetAsync(guid, cancellationToken);
    }

    public async Task<PortalResult<OperationView>> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var operation = await db.Operations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == id, cancellationToken);
        return operation is null ? PortalError.NotFound(OperationMessages.Format("WhatOperation", id)) : OperationView.From(operation);
    }
}

/// <summary>Unfinished work, as the services that refuse a second operation on the same resource ask for it.</summary>
public static class UnfinishedOperations
{
    /// <summary>The operations of <paramref name="kind"/> on <paramref name="target"/> that have not ended.</summary>
    public static IQueryable<Operation> Unfinished(this IQueryable<Operation> operations, string kind, string target) =>
        operations.Where(o => o.Kind == kind && o.Target == target && o.Status == OperationStatus.InProgress);
}
