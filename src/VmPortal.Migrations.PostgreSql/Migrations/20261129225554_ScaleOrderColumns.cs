using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace VmPortal.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class ScaleOrderColumns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ServiceName",
                table: "VirtualMachines",
                type: "character varying(63)",
                maxLength: 63,
                nullable: false,
                defaultValue: "",
                collation: "C");

            migrationBuilder.CreateIndex(
                name: "IX_VirtualMachines_ServiceName_Name_Id",
                table: "VirtualMachines",
                columns: new[] { "ServiceName", "Name", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_VirtualMachines_Status_ServiceName_Name_Id",
                table: "VirtualMachines",
                columns: new[] { "Status", "ServiceName", "Name", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Images_Kind_NormalizedName_Id_DeletedTime",
                table: "Images",
                columns: new[] { "Kind", "NormalizedName", "Id", "DeletedTime" },
                filter: "\"DeletedTime\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Images_Os_Kind_NormalizedName_Id_DeletedTime",
                table: "Images",
                columns: new[] { "Os", "Kind", "NormalizedName", "Id", "DeletedTime" },
                filter: "\"DeletedTime\" IS NULL");

            // The triggers that keep the copy of the service's name, and the rows as they are now.
            migrationBuilder.Sql(global::VmPortal.Core.Data.ScaleOrderColumns.PostgreSql);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(global::VmPortal.Core.Data.ScaleOrderColumns.PostgreSqlDown);

            migrationBuilder.DropIndex(
                name: "IX_VirtualMachines_ServiceName_Name_Id",
                table: "VirtualMachines");

            migrationBuilder.DropIndex(
                name: "IX_VirtualMachines_Status_ServiceName_Name_Id",
                table: "VirtualMachines");

            migrationBuilder.DropIndex(
                name: "IX_Images_Kind_NormalizedName_Id_DeletedTime",
                table: "Images");

            migrationBuilder.DropIndex(
                name: "IX_Images_Os_Kind_NormalizedName_Id_DeletedTime",
                table: "Images");

            migrationBuilder.DropColumn(
                name: "ServiceName",
                table: "VirtualMachines");
        }
    }
}
