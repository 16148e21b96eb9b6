using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SecOps.Web.Data.Postgres.Migrations
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
                    IncidentId = table.Column<long>(type: "bigint", nullable: false),
                    Seq = table.Column<long>(type: "bigint", nullable: false),
                    TeamId = table.Column<int>(type: "integer", nullable: true),
                    Restricted = table.Column<bool>(type: "boolean", nullable: false),
                    MemberIds = table.Column<string>(type: "text", nullable: false),
                    DeletedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IncidentTombstones", x => x.IncidentId);
                });

            migrationBuilder.CreateTable(
                name: "TaskTombstones",
                columns: table => new
                {
                    TaskId = table.Column<long>(type: "bigint", nullable: false),
                    Seq = table.Column<long>(type: "bigint", nullable: false),
                    IncidentId = table.Column<long>(type: "bigint", nullable: false),
                    DeletedAt = table.Column<long>(type: "bigint", nullable: false)
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
