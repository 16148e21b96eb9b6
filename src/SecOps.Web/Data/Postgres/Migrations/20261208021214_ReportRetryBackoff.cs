using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SecOps.Web.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class ReportRetryBackoff : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "FailuresInARow",
                table: "ReportSubscriptions",
                type: "integer",
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "FailuresInARow",
                table: "ReportSubscriptions");
        }
    }
}
