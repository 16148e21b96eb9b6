using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SecOps.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class TaskEvidenceFileLink : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "EvidenceFileId",
                table: "IncidentTasks",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_IncidentTasks_EvidenceFileId",
                table: "IncidentTasks",
                column: "EvidenceFileId");

            migrationBuilder.AddForeignKey(
                name: "FK_IncidentTasks_EvidenceFiles_EvidenceFileId",
                table: "IncidentTasks",
                column: "EvidenceFileId",
                principalTable: "EvidenceFiles",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_IncidentTasks_EvidenceFiles_EvidenceFileId",
                table: "IncidentTasks");

            migrationBuilder.DropIndex(
                name: "IX_IncidentTasks_EvidenceFileId",
                table: "IncidentTasks");

            migrationBuilder.DropColumn(
                name: "EvidenceFileId",
                table: "IncidentTasks");
        }
    }
}
