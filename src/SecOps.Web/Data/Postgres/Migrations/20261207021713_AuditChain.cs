using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SecOps.Web.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class AuditChain : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Mac",
                table: "AuditRecords",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "Sequence",
                table: "AuditRecords",
                type: "bigint",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_AuditRecords_Sequence",
                table: "AuditRecords",
                column: "Sequence",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AuditRecords_Sequence",
                table: "AuditRecords");

            migrationBuilder.DropColumn(
                name: "Mac",
                table: "AuditRecords");

            migrationBuilder.DropColumn(
                name: "Sequence",
                table: "AuditRecords");
        }
    }
}
