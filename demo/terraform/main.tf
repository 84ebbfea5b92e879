# Sample Terraform for the tfsec-gate demo (never applied).

variable "versioning_status" {
  type    = string
  default = "Disabled"
}

resource "aws_s3_bucket" "bucket" { #trivy:ignore:AVD-AWS-0089:exp:2099-12-31
  bucket = "example-demo-reports"
}

resource "aws_s3_bucket_versioning" "bucket_versioning" {
  bucket = aws_s3_bucket.bucket.id

  versioning_configuration {
    status = var.versioning_status
  }
}
