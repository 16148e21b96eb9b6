using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SecOps.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class IpKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "DestinationIpKey",
                table: "Alerts",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SourceIpKey",
                table: "Alerts",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            // Existing rows get their keys from the same parser as new ones (the function SqlitePragmas registers on
            // every connection the app opens), before the indexes are built.
            migrationBuilder.Sql(
                $"""UPDATE "Alerts" SET "SourceIpKey" = {SqlitePragmas.IpKeyFunction}("SourceIp"), "DestinationIpKey" = {SqlitePragmas.IpKeyFunction}("DestinationIp") WHERE "SourceIp" IS NOT NULL OR "DestinationIp" IS NOT NULL;""");

            // The queue index covers only queued (unsuppressed) alerts, as every query over it asks: counts read the index alone.
            migrationBuilder.DropIndex(
                name: "IX_Alerts_Status_Severity_AlertTime",
                table: "Alerts");

            migrationBuilder.CreateIndex(
                name: "IX_Alerts_Status_Severity_AlertTime",
                table: "Alerts",
                columns: new[] { "Status", "Severity", "AlertTime" },
                filter: "\"SuppressedBy\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Alerts_DestinationIpKey",
                table: "Alerts",
                column: "DestinationIpKey");

            migrationBuilder.CreateIndex(
                name: "IX_Alerts_HostName",
                table: "Alerts",
                column: "HostName");

            migrationBuilder.CreateIndex(
                name: "IX_Alerts_SourceIpKey",
                table: "Alerts",
                column: "SourceIpKey");

            migrationBuilder.CreateIndex(
                name: "IX_Alerts_UserName",
                table: "Alerts",
                column: "UserName");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Alerts_Status_Severity_AlertTime",
                table: "Alerts");

            migrationBuilder.CreateIndex(
                name: "IX_Alerts_Status_Severity_AlertTime",
                table: "Alerts",
                columns: new[] { "Status", "Severity", "AlertTime" });

            migrationBuilder.DropIndex(
                name: "IX_Alerts_DestinationIpKey",
                table: "Alerts");

            migrationBuilder.DropIndex(
                name: "IX_Alerts_HostName",
                table: "Alerts");

            migrationBuilder.DropIndex(
                name: "IX_Alerts_SourceIpKey",
                table: "Alerts");

            migrationBuilder.DropIndex(
                name: "IX_Alerts_UserName",
                table: "Alerts");

            migrationBuilder.DropColumn(
                name: "DestinationIpKey",
                table: "Alerts");

            migrationBuilder.DropColumn(
                name: "SourceIpKey",
                table: "Alerts");
        }
    }
}
