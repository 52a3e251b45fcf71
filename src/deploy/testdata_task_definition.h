// Test-only: a realistic DescribeTaskDefinition response shared by the deploy
// tests, with every output-only member, members berth has no special handling
// for, and a member no botocore knows yet ("futureField").
#pragma once

#include <nlohmann/json.hpp>

#include "core/json.h"

namespace berth::deploy::testdata {

inline Json DescribeTaskDefinitionResponse() {
  return Json::parse(R"({
  "taskDefinition": {
    "taskDefinitionArn": "arn:aws:ecs:us-east-1:123456789012:task-definition/web:7",
    "containerDefinitions": [
      {
        "name": "web",
        "image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.0",
        "cpu": 0,
        "memoryReservation": 256,
        "portMappings": [
          {"containerPort": 8080, "hostPort": 8080, "protocol": "tcp", "name": "http",
           "appProtocol": "http"}
        ],
        "essential": true,
        "environment": [
          {"name": "LOG_LEVEL", "value": "info"},
          {"name": "REGION", "value": "us-east-1"}
        ],
        "environmentFiles": [],
        "mountPoints": [{"sourceVolume": "data", "containerPath": "/data", "readOnly": false}],
        "volumesFrom": [],
        "secrets": [
          {"name": "DB_PASSWORD",
           "valueFrom": "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf"}
        ],
        "dependsOn": [{"containerName": "envoy", "condition": "HEALTHY"}],
        "logConfiguration": {
          "logDriver": "awslogs",
          "options": {"awslogs-group": "/ecs/web", "awslogs-region": "us-east-1",
                      "awslogs-stream-prefix": "web"},
          "secretOptions": []
        },
        "healthCheck": {"command": ["CMD-SHELL", "curl -f http://localhost:8080/ || exit 1"],
                        "interval": 30, "timeout": 5, "retries": 3, "startPeriod": 10},
        "ulimits": [{"name": "nofile", "softLimit": 65536, "hardLimit": 65536}],
        "systemControls": [],
        "containerFutureField": {"nested": [1, 2, 3]}
      },
      {
        "name": "envoy",
        "image": "public.ecr.aws/appmesh/aws-appmesh-envoy:v1.27.0.0-prod",
        "cpu": 0,
        "memory": 128,
        "essential": true,
        "user": "1337",
        "environment": [{"name": "APPMESH_RESOURCE_ARN", "value": "arn:mesh"}],
        "portMappings": [],
        "mountPoints": [],
        "volumesFrom": [],
        "healthCheck": {"command": ["CMD-SHELL", "curl -s http://localhost:9901/ready"],
                        "interval": 5, "timeout": 2, "retries": 3}
      }
    ],
    "family": "web",
    "taskRoleArn": "arn:aws:iam::123456789012:role/web-task",
    "executionRoleArn": "arn:aws:iam::123456789012:role/web-exec",
    "networkMode": "awsvpc",
    "revision": 7,
    "volumes": [
      {"name": "data", "efsVolumeConfiguration": {"fileSystemId": "fs-123",
       "rootDirectory": "/", "transitEncryption": "ENABLED"}}
    ],
    "status": "ACTIVE",
    "requiresAttributes": [
      {"name": "com.amazonaws.ecs.capability.logging-driver.awslogs"},
      {"name": "ecs.capability.execution-role-awslogs"},
      {"name": "ecs.capability.secrets.asm.environment-variables"}
    ],
    "placementConstraints": [],
    "compatibilities": ["EC2", "FARGATE"],
    "requiresCompatibilities": ["FARGATE"],
    "cpu": "512",
    "memory": "1024",
    "proxyConfiguration": {"type": "APPMESH", "containerName": "envoy",
      "properties": [{"name": "IgnoredUID", "value": "1337"}, {"name": "ProxyIngressPort", "value": "15000"}]},
    "runtimePlatform": {"cpuArchitecture": "ARM64", "operatingSystemFamily": "LINUX"},
    "ephemeralStorage": {"sizeInGiB": 30},
    "registeredAt": "2024-05-01T12:00:00.000000+00:00",
    "registeredBy": "arn:aws:sts::123456789012:assumed-role/deployer/ci",
    "deregisteredAt": "2024-06-01T12:00:00.000000+00:00",
    "deleteRequestedAt": "2024-06-02T12:00:00.000000+00:00",
    "futureField": {"enabled": true}
  },
  "tags": [{"key": "team", "value": "payments"}, {"key": "env", "value": "prod"}]
})");
}

}  // namespace berth::deploy::testdata
