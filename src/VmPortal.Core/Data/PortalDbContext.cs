using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using VmPortal.Core.Catalogue;

namespace VmPortal.Core.Data;

/// <summary>
/// The catalogue: what exists (storage accounts, cloud services, VMs, disks, images) and the operations on it; and
/// who may use the portal (ASP.NET Core Identity's users and roles, API tokens) and what they did (the audit log); and what
/// the portal instances sharing it share: the data-protection keys, the leases on periodic work, who is running.
/// One context, so one migration history and one database file.
/// </summary>
public sealed class PortalDbContext(DbContextOptions<PortalDbContext> options) : IdentityDbContext<IdentityUser>(options), IDataProtectionKeyContext
{
    public DbSet<StorageAccount> StorageAccounts => Set<StorageAccount>();
    public DbSet<CloudService> CloudServices => Set<CloudService>();
    public DbSet<VirtualMachine> VirtualMachines => Set<VirtualMachine>();
    public DbSet<Disk> Disks => Set<Disk>();
    public DbSet<Image> Images => Set<Image>();
    public DbSet<Operation> Operations => Set<Operation>();
    public DbSet<VirtualNetwork> VirtualNetworks => Set<VirtualNetwork>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<Upload> Uploads => Set<Upload>();
    public DbSet<Lease> Leases => Set<Lease>();
    public DbSet<PortalInstanceRecord> PortalInstances => Set<PortalInstanceRecord>();

    /// <summary>The +1/−1 rows behind <see cref="CatalogueCounts"/>, written by triggers.</summary>
    public DbSet<CountDelta> CountDeltas => Set<CountDelta>();

    /// <summary>The keys that protect cookies, antiforgery tokens and sealed secrets: every instance reads the same ring.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        RenewConcurrencyStamps();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        RenewConcurrencyStamps();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>Every modified VM, disk or image gets a new stamp, so a writer holding the old one conflicts.</summary>
    private void RenewConcurrencyStamps()
    {
        foreach (var entry in ChangeTracker.Entries<IConcurrencyStamped>())
            if (entry.State == EntityState.Modified) entry.Entity.ConcurrencyStamp = Guid.NewGuid();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(PortalDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums are stored by name so the database reads like the API and survives reordering.
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
        if (Database.IsSqlite())
        {
            // SQLite cannot sort or compare DateTimeOffset text; a UTC-ticks integer can.
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        }
        else if (Database.IsNpgsql())
        {
            // Text compares and sorts by code point, as SQLite's BINARY collation does, whatever the server's locale:
            // the same list comes back in the same order on both. Case-insensitive matching uses the Normalized* columns.
            configurationBuilder.Properties<string>().UseCollation("C");
        }
    }
}
