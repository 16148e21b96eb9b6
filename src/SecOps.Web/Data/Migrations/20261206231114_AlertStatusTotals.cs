using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SecOps.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class AlertStatusTotals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AlertStatusTotals",
                columns: table => new
                {
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    Count = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AlertStatusTotals", x => x.Status);
                });

            migrationBuilder.Sql(SecOps.Web.Features.Alerts.AlertStatusTotalTriggers.SqliteUp);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SecOps.Web.Features.Alerts.AlertStatusTotalTriggers.SqliteDown);

            migrationBuilder.DropTable(
                name: "AlertStatusTotals");
        }
    }
}
