using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SecOps.Web.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class IncidentClassification : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AffectedAssets",
                table: "Incidents",
                type: "character varying(10050)",
                maxLength: 10050,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "MitreTactics",
                table: "Incidents",
                type: "character varying(256)",
                maxLength: 256,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "MitreTechniques",
                table: "Incidents",
                type: "character varying(512)",
                maxLength: 512,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "OwaspCategory",
                table: "Incidents",
                type: "character varying(8)",
                maxLength: 8,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "AffectedAssets",
                table: "Incidents");

            migrationBuilder.DropColumn(
                name: "MitreTactics",
                table: "Incidents");

            migrationBuilder.DropColumn(
                name: "MitreTechniques",
                table: "Incidents");

            migrationBuilder.DropColumn(
                name: "OwaspCategory",
                table: "Incidents");
        }
    }
}
