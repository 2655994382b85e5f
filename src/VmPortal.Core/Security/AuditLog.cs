using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Data;

namespace VmPortal.Core.Security;

/// <summary>A filter of the audit page: every part optional, text matched anywhere regardless of case, dates inclusive of the whole day.</summary>
/// <param name="Action">Part of the action's code, in any case ("deploy" finds DeployVM).</param>
/// <param name="ActionsNamed">
/// Codes whose words the user's text matched ("sign in" is SignIn): the page shows actions in words, so it searches them too.
/// </param>
public sealed record AuditQuery(string? UserName = null, string? Action = null, DateOnly? From = null, DateOnly? To = null,
    AuditOutcome? Outcome = null, int Skip = 0, int Take = 50, IReadOnlyCollection<string>? ActionsNamed = null);

/// <summary>
/// The audit trail. <see cref="Add"/> puts an entry into a context a service is about to save, so the entry and the change
/// commit together; <see cref="WriteAsync"/> records on its own (refusals, sign-ins, API calls as they finish).
/// </summary>
public sealed class AuditLog(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock)
{
    public AuditEntry Add(PortalDbContext db, string? userName, string action, string? resource, string? ipAddress,
        AuditOutcome outcome, string? code = null, string? detail = null)
    {
        var entry = new AuditEntry
        {
            Time = clock.GetUtcNow(),
            UserName = Truncate(userName, 256),
            Action = Truncate(action, 128)!,
            Resource = Truncate(resource, 512),
            IpAddress = Truncate(ipAddress, 64),
            Outcome = outcome,
            Code = Truncate(code, 64),
            Detail = Truncate(detail, Secrets.MaxDetailLength),
        };
        db.AuditEntries.Add(entry);
        return entry;
    }

    /// <summary>
    /// Puts <paramref name="actor"/>'s accepted request into <paramref name="db"/>, which the caller is about to save with
    /// the change itself; resource names what changed (an operation target, e.g. <c>cloud-services/shop</c>).
    /// </summary>
    public AuditEntry Record(PortalDbContext db, Actor actor, string action, string resource, string? detail = null)
    {
        var entry = Add(db, actor.UserName, action, resource, actor.ClientAddress, AuditOutcome.Accepted, detail: detail ?? actor.Detail);
        actor.MarkRecorded();
        return entry;
    }

    public async Task WriteAsync(string? userName, string action, string? resource, string? ipAddress,
        AuditOutcome outcome, string? code = null, string? detail = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        Add(db, userName, action, resource, ipAddress, outcome, code, detail);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<Page<AuditEntry>> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = db.AuditEntries.AsNoTracking();
        // Whoever searches for "deploy" means DeployVM too: both sides upper-cased, in SQL, on either provider.
#pragma warning disable CA1304, CA1311 // EF Core translates ToUpper() to SQL upper(), which SQLite and PostgreSQL apply alike to ASCII.
        if (!string.IsNullOrWhiteSpace(query.UserName))
        {
            var user = query.UserName.Trim().ToUpperInvariant();
            rows = rows.Where(e => e.UserName != null && e.UserName.ToUpper().Contains(user));
        }
        if (!string.IsNullOrWhiteSpace(query.Action))
        {
            var action = query.Action.Trim().ToUpperInvariant();
            var named = query.ActionsNamed ?? [];
            rows = rows.Where(e => e.Action.ToUpper().Contains(action) || named.Contains(e.Action));
        }
#pragma warning restore CA1304, CA1311
        if (query.Outcome is { } outcome) rows = rows.Where(e => e.Outcome == outcome);
        if (query.From is { } from)
        {
            var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            rows = rows.Where(e => e.Time >= start);
        }
        if (query.To is { } to)
        {
            var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            rows = rows.Where(e => e.Time < end);
        }
        var total = await rows.CountAsync(cancellationToken);
        var items = await rows.OrderByDescending(e => e.Time).ThenByDescending(e => e.Id)
            .Skip(Math.Max(0, query.Skip)).Take(Math.Clamp(query.Take, 1, 500)).ToListAsync(cancellationToken);
        return new Page<AuditEntry>(items, total);
    }

    private static string? Truncate(string? text, int max) => text is null || text.Length <= max ? text : text[..max];
}
