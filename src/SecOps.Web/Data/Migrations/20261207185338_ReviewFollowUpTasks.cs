using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SecOps.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class ReviewFollowUpTasks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<long>(
                name: "IncidentPlaybookId",
                table: "IncidentTasks",
                type: "INTEGER",
                nullable: true,
                oldClrType: typeof(long),
                oldType: "INTEGER");

            migrationBuilder.AddColumn<long>(
                name: "FollowUpId",
                table: "IncidentTasks",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "RemindedAt",
                table: "IncidentTasks",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_IncidentTasks_FollowUpId",
                table: "IncidentTasks",
                column: "FollowUpId",
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_IncidentTasks_ReviewFollowUps_FollowUpId",
                table: "IncidentTasks",
                column: "FollowUpId",
                principalTable: "ReviewFollowUps",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_IncidentTasks_ReviewFollowUps_FollowUpId",
                table: "IncidentTasks");

            migrationBuilder.DropIndex(
                name: "IX_IncidentTasks_FollowUpId",
                table: "IncidentTasks");

            migrationBuilder.DropColumn(
                name: "FollowUpId",
                table: "IncidentTasks");

            migrationBuilder.DropColumn(
                name: "RemindedAt",
                table: "IncidentTasks");

            migrationBuilder.AlterColumn<long>(
                name: "IncidentPlaybookId",
                table: "IncidentTasks",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L,
                oldClrType: typeof(long),
                oldType: "INTEGER",
                oldNullable: true);
        }
    }
}
