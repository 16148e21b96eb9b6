using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SecOps.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class IncidentTombstones : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "IncidentTombstones",
                columns: table => new
                {
                    IncidentId = table.Column<long>(type: "INTEGER", nullable: false),
                    Seq = table.Column<long>(type: "INTEGER", nullable: false),
                    TeamId = table.Column<int>(type: "INTEGER", nullable: true),
                    Restricted = table.Column<bool>(type: "INTEGER", nullable: false),
                    MemberIds = table.Column<string>(type: "TEXT", nullable: false),
                    DeletedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IncidentTombstones", x => x.IncidentId);
                });

            migrationBuilder.CreateTable(
                name: "TaskTombstones",
                columns: table => new
                {
                    TaskId = table.Column<long>(type: "INTEGER", nullable: false),
                    Seq = table.Column<long>(type: "INTEGER", nullable: false),
                    IncidentId = table.Column<long>(type: "INTEGER", nullable: false),
                    DeletedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TaskTombstones", x => x.TaskId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_IncidentTombstones_Seq",
                table: "IncidentTombstones",
                column: "Seq");

            migrationBuilder.CreateIndex(
                name: "IX_TaskTombstones_Seq",
                table: "TaskTombstones",
                column: "Seq");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "IncidentTombstones");

            migrationBuilder.DropTable(
                name: "TaskTombstones");
        }
    }
}
