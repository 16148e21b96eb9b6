using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SecOps.Web.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class AlertIncidentRestricted : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "IncidentRestricted",
                table: "Alerts",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            // Alerts already linked to restricted incidents hide the id from now on.
            migrationBuilder.Sql("""UPDATE "Alerts" SET "IncidentRestricted" = TRUE WHERE "IncidentId" IN (SELECT "Id" FROM "Incidents" WHERE "Restricted")""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "IncidentRestricted",
                table: "Alerts");
        }
    }
}
