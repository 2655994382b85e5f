using Microsoft.EntityFrameworkCore.Design;
using VmPortal.Core.Data;

namespace VmPortal.Migrations.Sqlite;

/// <summary>Lets <c>dotnet ef migrations add</c> build the SQLite model without starting the portal; it never connects.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<PortalDbContext>
{
    public PortalDbContext CreateDbContext(string[] args) =>
        new(new PortalDatabase(DatabaseProvider.Sqlite, "Data Source=design-time.db").Options());
}
